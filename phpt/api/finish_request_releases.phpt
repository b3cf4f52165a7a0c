--TEST--
rr_finish_request() after a streamed response: the client (HTTP/1.0, body delimited by closing) gets the whole response and the end of it at once, while the handler keeps working
--EXTENSIONS--
posix
sockets
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    echo str_repeat('s', 8 << 20); // more than the socket takes at once: the rest is queued
    flush();
    usleep(300000);  // the scenario: the client has read everything before the response is finished
    rr_finish_request();
    // Background work: until the test says it is done (bounded).
    $deadline = microtime(true) + 15;
    while (!file_exists(__DIR__ . '/go-on') && microtime(true) < $deadline) {
        usleep(10000);
    }
})) {}
PHP, 1, ['-d', 'output_buffering=0']);
$c = $s->connect();
// A small receive window: the server's socket cannot take the response at once, so it is queued.
socket_set_option(socket_import_stream($c->sock), SOL_SOCKET, SO_RCVBUF, 65536);
$c->send("GET / HTTP/1.0\r\nHost: x\r\n\r\n");
$t0 = microtime(true);
$raw = $c->readToClose(microtime(true) + 10);
$dt = microtime(true) - $t0;
[, $body] = explode("\r\n\r\n", $raw, 2) + [1 => ''];
echo strlen($body) === 8 << 20 ? "complete" : 'got ' . strlen($body), $dt < 5 ? ", closed while the handler works\n" : ", closed only after {$dt}s\n";
touch($s->dir . '/go-on');
var_dump($s->get('/')->status);
var_dump($s->stop());
?>
--EXPECT--
complete, closed while the handler works
int(200)
int(0)
