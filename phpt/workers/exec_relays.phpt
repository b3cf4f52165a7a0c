--TEST--
Exec'd workers over the tcp:// and unix:// relays: rr-php listens once, matches each connection to its process by the PID it reports, and serves through it; a stranger's connection is refused
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
require __DIR__ . '/../../tests/php/goridge.php';
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$worker = <<<PHP
<?php
require '$lib';
echo "booting on " . getenv('RR_RELAY') . "\\n"; // stdout is not the channel with a socket relay
\$w = RrTest\Goridge\Worker::fromEnvironment();
while ((\$req = \$w->waitRequest()) !== null) {
    \$w->respond(200, ['Content-Type' => ['text/plain']], getmypid() . ' ' . getenv('RR_RELAY'));
}
PHP;
foreach (['tcp://127.0.0.1:0', 'unix://relay.sock'] as $relay) {
    $yaml = "version: '3'\nserver:\n  command: php worker.php\n  relay: $relay\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    num_workers: 2\n";
    $s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml], ['serve']);
    $pids = [];
    foreach (range(1, 6) as $i) {
        $r = $s->get('/');
        [$pid, $seen] = explode(' ', $r->body);
        $pids[$pid] = true;
    }
    $spawned = array_filter($s->descendants(), fn ($p) => str_contains((string)@file_get_contents("/proc/$p/cmdline"), 'worker.php'));
    echo preg_replace('#:\d+$#', ':PORT', $seen), ': ', $r->status, ', answered by the workers rr-php started: ',
        var_export(!array_diff(array_keys($pids), $spawned) && count($spawned) === 2, true), "\n";
    echo 'stdout logged: ', var_export($s->waitLog('booting on ' . $seen), true), "\n";
    // A connection that claims to be a worker rr-php did not start is closed.
    $addr = str_starts_with($seen, 'unix://') ? 'unix://' . $s->dir . '/' . substr($seen, 7) : $seen;
    $c = stream_socket_client($addr, $errno, $errstr, 5);
    $req = RrTest\Goridge\Frame::read($c);
    fwrite($c, (new RrTest\Goridge\Frame(RrTest\Goridge\CONTROL, '{"pid":1}'))->encode());
    echo 'PID request on connect: ', $req->payload !== '' && ($req->flags & RrTest\Goridge\CONTROL) ? 'yes' : 'no', ', stranger closed: ',
        var_export(fread($c, 1) === '' && feof($c), true), "\n";
    echo 'still serving: ', $s->get('/')->status, "\n";
    echo 'exit: ', $s->stop(), "\n";
}
?>
--EXPECT--
tcp://127.0.0.1:PORT: 200, answered by the workers rr-php started: true
stdout logged: true
PID request on connect: yes, stranger closed: true
still serving: 200
exit: 0
unix://relay.sock: 200, answered by the workers rr-php started: true
stdout logged: true
PID request on connect: yes, stranger closed: true
still serving: 200
exit: 0
