--TEST--
Pool: a stream that goes on after its client left is drained for stream_timeout, then its worker is killed and replaced
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = "<?php\nwhile (rr_handle_request(function () {\n    if (isset(\$_GET['stream'])) {\n        for (\$i = 0; \$i < 300; \$i++) { echo \"tick \$i\\n\"; flush(); usleep(50000); }\n        return;\n    }\n    echo getmypid();\n})) {}\n";
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
?>
--EXPECT--
killed: true
within 3 s: true
replaced: 200 true
exit: 0
