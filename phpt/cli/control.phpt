--TEST--
CLI against a running server: rr-php workers [-i], reset, stop [-f] with serve -p, -s silent; clear errors without a server
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = "<?php\nwhile (rr_handle_request(function () { echo getmypid(); })) {}\n";
$yaml = "version: '3'\nserver:\n  command: php worker.php\nrpc:\n  listen: unix://rpc.sock\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    num_workers: 2\n";

function in_dir(string $dir, array $args, float $timeout = 20.0): array
{
    $old = getcwd();
    chdir($dir);
    try {
        return RrTest\run($args, $timeout);
    } finally {
        chdir($old);
    }
}

$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml], ['serve', '-p']);
$before = $s->workers();
sort($before);
[$code, $out] = in_dir($s->dir, ['workers']);
preg_match_all('/^\| (\d+) +\| ready +\| 0 +\| \d+ MB +\| \d+\.\d\d +\| \d+ seconds ago +\|$/m', $out, $m);
$shown = array_map('intval', $m[1]);
sort($shown);
echo "workers: exit $code, ", str_contains($out, 'Workers of [http]:') ? 'titled' : 'untitled', ', rows match the processes: ', var_export($shown === $before, true), "\n";
// -c from elsewhere finds the same server (rpc.listen resolves in the config's folder).
[$code, $out] = RrTest\run(['workers', 'http', '-c', $s->dir . '/.rr.yaml']);
echo "workers -c: exit $code, rows: ", preg_match_all('/^\| \d+ /m', $out), "\n";
[$code, $out] = in_dir($s->dir, ['reset']);
echo "reset: exit $code\n", $out;
$after = $s->workers();
echo 'new workers after reset: ', var_export(count($after) === 2 && !array_intersect($after, $before), true), "\n";
[$code, $out, $err] = in_dir($s->dir, ['reset', 'jobs']);
echo "reset jobs: exit $code, ", trim($err), "\n";

// workers -i redraws until Ctrl-C.
$old = getcwd();
chdir($s->dir);
$p = proc_open([RrTest\binary(), 'workers', '-i'], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
chdir($old);
usleep(2500000);
proc_terminate($p, SIGINT);
$out = stream_get_contents($pipes[1]);
$deadline = microtime(true) + 5;
while (proc_get_status($p)['running'] && microtime(true) < $deadline) {
    usleep(20000);
}
$st = proc_get_status($p);
echo 'workers -i: tables drawn >= 2: ', var_export(substr_count($out, 'Workers of [http]:') >= 2, true), ', stopped by SIGINT: ', var_export(!$st['running'], true), "\n";
// Its first line: the dashboard's numbers (requests/s and latency of the last second, errors, queue).
echo 'workers -i summary: ', var_export(preg_match('#requests/s \d+   p50 [\d.]+ ms   p99 [\d.]+ ms   server errors \(last minute\) 0   queued 0#', $out) === 1, true), "\n";
proc_close($p);

$pidFile = $s->dir . '/.pid';
echo '.pid holds the server pid: ', var_export((int)file_get_contents($pidFile) === $s->pid, true), "\n";
[$code, $out] = in_dir($s->dir, ['stop']);
echo "stop: exit $code, ", trim($out), "\n";
echo 'server exit: ', $s->wait(), ', .pid removed: ', var_export(!file_exists($pidFile), true), "\n";

// -s: no start-up or stop lines; stop -f forces the exit (a busy request never finishes).
$slow = "<?php\nwhile (rr_handle_request(function () { sleep(30); })) {}\n";
$probe = stream_socket_server('tcp://127.0.0.1:0');
$port = (int)substr(strrchr(stream_socket_get_name($probe, false), ':'), 1);
fclose($probe);
$s = RrTest\Server::startWith(['worker.php' => $slow, '.rr.yaml' => str_replace('127.0.0.1:0', "127.0.0.1:$port", $yaml) . "endure:\n  grace_period: 60s\n"], ['serve', '-p', '-s'], null, null);
$deadline = microtime(true) + 20;
while (!file_exists($s->dir . '/.pid') && microtime(true) < $deadline) {
    usleep(20000);
}
$s->port = $port;
$busy = $s->connect();
$busy->send(RrTest\build_request('GET', '/'));
usleep(300000);
$t0 = microtime(true);
[$code, $out] = in_dir($s->dir, ['stop', '-f']);
echo "stop -f: exit $code, server exit: ", $s->wait(10), ', within 5 s: ', var_export(microtime(true) - $t0 < 5, true), "\n";
echo 'silent: ', var_export(!str_contains($s->log(), 'serving') && !str_contains($s->log(), 'stopped'), true), "\n";

// Without a server: one clear line, exit 1.
$dir = sys_get_temp_dir() . '/rr-phpt-none-' . bin2hex(random_bytes(4));
mkdir($dir);
file_put_contents("$dir/.rr.yaml", "version: '3'\nrpc:\n  listen: tcp://127.0.0.1:1\n");
[$code, $out, $err] = in_dir($dir, ['workers']);
echo "workers, no server: exit $code, ", str_replace(realpath($dir), 'DIR', trim($err)), "\n";
[$code, $out, $err] = in_dir($dir, ['stop']);
echo "stop, no .pid: exit $code, ", str_replace($dir, 'DIR', trim($err)), "\n";
unlink("$dir/.rr.yaml");
rmdir($dir);
?>
--EXPECTF--
workers: exit 0, titled, rows match the processes: true
workers -c: exit 0, rows: 2
reset: exit 0
Resetting plugin: [http]
Plugin [http] reset: done
new workers after reset: true
reset jobs: exit 1, rr-php: error: resetter.Reset: no plugin named 'jobs' has workers (plugins with workers: http)
workers -i: tables drawn >= 2: true, stopped by SIGINT: true
workers -i summary: true
.pid holds the server pid: true
stop: exit 0, Stop signal sent to process %d
server exit: 0, .pid removed: true
stop -f: exit 0, server exit: 1, within 5 s: true
silent: true
workers, no server: exit 1, rr-php: error: cannot reach the server's RPC at tcp://127.0.0.1:1: Connection refused (is rr-php serve running, with an rpc section in its config?). The address is rpc.listen of DIR/.rr.yaml: serve must run with that config (its rpc section)
stop, no .pid: exit 1, rr-php: error: cannot read a process id from DIR/.pid (start the server with rr-php serve -p)
