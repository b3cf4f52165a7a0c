--TEST--
Pool: a stream that goes on after its client left (ignore_user_abort) is drained for stream_timeout, then its worker is killed and replaced; without ignore_user_abort the script stops at its next flush() and the worker is kept
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = "<?php\nwhile (rr_handle_request(function () {\n    if (isset(\$_GET['stream'])) {\n        ignore_user_abort(true);\n        for (\$i = 0; \$i < 300; \$i++) { echo \"tick \$i\\n\"; flush(); usleep(50000); }\n        return;\n    }\n    echo getmypid();\n})) {}\n";
$s = RrTest\Server::start($worker, 1, ['-d', 'output_buffering=0', '-o', 'http.pool.stream_timeout=500ms']);
$pid = (int)$s->get('/')->body;
$c = $s->connect();
$c->send(RrTest\build_request('GET', '/?stream=1'));
usleep(300000);
$c->close();
$t0 = microtime(true);
echo 'killed: ', var_export($s->waitLog('the stream went on past stream_timeout after the client left; killing it', 10), true), "\n";
echo 'within 3 s: ', var_export(microtime(true) - $t0 < 3, true), "\n";
$deadline = microtime(true) + 10;
do {
    $r = $s->get('/');
} while ((int)$r->body === $pid && microtime(true) < $deadline && usleep(50000) === null);
echo 'replaced: ', $r->status, ' ', var_export((int)$r->body !== $pid, true), "\n";
echo 'exit: ', $s->stop(), "\n";

// Without ignore_user_abort: connection_aborted() turns 1 at the next flush() and the script ends.
$worker = "<?php\nwhile (rr_handle_request(function () {\n    if (isset(\$_GET['stream'])) {\n        register_shutdown_function(fn () => 1);\n        for (\$i = 0; \$i < 300; \$i++) { echo \"tick \$i\\n\"; flush(); usleep(50000); }\n        file_put_contents(__DIR__ . '/not-reached', 'x');\n        return;\n    }\n    echo getmypid();\n})) {}\n";
$s = RrTest\Server::start($worker, 1, ['-d', 'output_buffering=0', '-o', 'http.pool.stream_timeout=500ms']);
$pid = (int)$s->get('/')->body;
$c = $s->connect();
$c->send(RrTest\build_request('GET', '/?stream=1'));
usleep(300000);
$c->close();
usleep(1500000);
echo 'same worker: ', var_export((int)$s->get('/')->body === $pid, true), ', killed: ', var_export(str_contains($s->log(), 'killing it'), true), ', rest of the script ran: ', var_export(file_exists($s->dir . '/not-reached'), true), "\n";
echo 'exit: ', $s->stop(), "\n";
?>
--EXPECT--
killed: true
within 3 s: true
replaced: 200 true
exit: 0
same worker: true, killed: false, rest of the script ran: false
exit: 0
