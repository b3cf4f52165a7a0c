--TEST--
SIGUSR2 upgrade under load: the listening socket passes to the restarted binary (LISTEN_FDS), so no connection is refused and no request fails, on keep-alive connections and on new ones; systemd socket activation hands sockets over the same way
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = "<?php\nwhile (rr_handle_request(function () { usleep(2000); echo getmypid(); })) {}\n";
$s = RrTest\Server::start($worker, 2, ['-o', 'http.pool.max_jobs=0']);
$port = $s->port;
$before = $s->workers();
// New connections, one request each, while the server restarts: none may be refused.
$refused = 0;
$fresh = 0;
$oneShot = function () use ($port, &$refused, &$fresh) {
    $c = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5);
    if ($c === false) {
        $refused++;
        return;
    }
    fwrite($c, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    stream_set_timeout($c, 10);
    $resp = stream_get_contents($c);
    fclose($c);
    if (str_starts_with((string)$resp, 'HTTP/1.1 200')) {
        $fresh++;
    } else {
        $refused++;
    }
};
// 1. Keep-alive connections sending all along.
$sent = false;
$res = RrTest\load($s, 8, function () use ($s, &$sent) {
    if (!$sent) {
        posix_kill($s->pid, SIGUSR2);
        $sent = true;
    }
    return substr_count($s->log(), 'serving http://') >= 2;
}, 300, 30000, 40.0);
echo 'restarted: ', var_export($res['finished'], true), ', same pid: ', var_export(RrTest\alive($s->pid), true), "\n";
echo 'keep-alive requests failed: ', $res['errors'], ', statuses: ', json_encode(array_keys($res['status'])), "\n";
echo 'new workers: ', var_export(!array_intersect($before, $s->workers()), true), "\n";
// 2. A new connection per request, one after the other, across another restart.
posix_kill($s->pid, SIGUSR2);
$deadline = microtime(true) + 30;
while (substr_count($s->log(), 'serving http://') < 3 && microtime(true) < $deadline) {
    $oneShot();
}
for ($i = 0; $i < 20; $i++) {
    $oneShot();
}
echo 'restarted again: ', var_export(substr_count($s->log(), 'serving http://') === 3, true), "\n";
echo 'new connections refused or failed: ', $refused, ', answered: ', var_export($fresh > 20, true), "\n";
echo 'socket inherited: ', var_export(!str_contains($s->log(), 'cannot hand'), true), "\n";
echo 'exit: ', $s->stop(), "\n";

// Socket activation: the listening socket comes from the parent (as systemd passes it), and the
// config's address names it.
$sock = stream_socket_server('tcp://127.0.0.1:0');
$aport = (int)substr(strrchr(stream_socket_get_name($sock, false), ':'), 1);
$s = RrTest\Server::prepare(['worker.php' => $worker]);
// fd 3 in the child is the socket; LISTEN_PID must be the child's pid, which a shell knows as $$.
$cmd = 'export LISTEN_PID=$$ LISTEN_FDS=1 LISTEN_FDNAMES=web; exec ' . escapeshellarg(RrTest\binary())
    . " serve worker.php --listen 127.0.0.1:$aport --workers 1 -o logs.level=debug";
$proc = proc_open(['sh', '-c', $cmd], [0 => ['file', '/dev/null', 'r'], 1 => ['file', $s->dir . '/server.log', 'a'],
    2 => ['file', $s->dir . '/server.log', 'a'], 3 => $sock], $pipes, $s->dir);
fclose($sock); // only rr-php holds it now
$deadline = microtime(true) + 20;
while (!str_contains((string)@file_get_contents($s->dir . '/server.log'), 'serving http') && microtime(true) < $deadline) {
    usleep(20000);
}
$log = file_get_contents($s->dir . '/server.log');
echo 'activated: ', var_export(str_contains($log, 'listening on the inherited socket'), true), "\n";
$c = stream_socket_client("tcp://127.0.0.1:$aport", $errno, $errstr, 5);
fwrite($c, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
echo 'answers: ', var_export(str_starts_with((string)stream_get_contents($c), 'HTTP/1.1 200'), true), "\n";
proc_terminate($proc, SIGTERM);
echo 'exit: ', proc_close($proc), "\n";
?>
--EXPECT--
restarted: true, same pid: true
keep-alive requests failed: 0, statuses: [200]
new workers: true
restarted again: true
new connections refused or failed: 0, answered: true
socket inherited: true
exit: 0
activated: true
answers: true
exit: 0
