--TEST--
Graceful stop: SIGTERM and SIGINT stop accepting, finish in-flight requests, stop workers, exit 0, leave no process behind
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = <<<'PHP'
<?php
while (rr_handle_request(function () {
    if ($_SERVER['REQUEST_URI'] === '/slow') {
        usleep(800000);
    }
    echo 'done ', $_SERVER['REQUEST_URI'];
})) {}
PHP;
foreach ([SIGTERM => 'SIGTERM', SIGINT => 'SIGINT'] as $sig => $name) {
    $s = RrTest\Server::start($worker, 2);
    $procs = $s->descendants();
    $slow = $s->connect();
    $slow->send(RrTest\build_request('GET', '/slow'));
    usleep(200000);
    posix_kill($s->pid, $sig);
    usleep(100000);
    // New connections are refused once stopping has begun.
    $refused = @stream_socket_client("tcp://127.0.0.1:{$s->port}", $errno, $errstr, 1) === false;
    $r = $slow->read();
    $code = $s->wait();
    usleep(100000);
    $left = array_filter($procs, 'RrTest\alive');
    echo "$name: in-flight ", $r->status, ' ', $r->body, ', refused new: ', var_export($refused, true),
         ", exit $code, processes before ", count($procs), ', left ', count($left), "\n";
    echo str_contains($s->log(), "received $name: stopping gracefully") ? "logged\n" : "not logged\n";
}
?>
--EXPECT--
SIGTERM: in-flight 200 done /slow, refused new: true, exit 0, processes before 3, left 0
logged
SIGINT: in-flight 200 done /slow, refused new: true, exit 0, processes before 3, left 0
logged
