--TEST--
Timeouts: slow header senders and stalled bodies are cut off; idle keep-alive connections are closed; others are unaffected
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () { echo 'ok'; })) {}
PHP, 1, ['-o', 'http.read_header_timeout=1s', '-o', 'http.read_timeout=1s', '-o', 'http.idle_timeout=1s']);
// A client that starts a request and never finishes the headers.
$slow = $s->connect();
$slow->send("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
// A well-behaved client is served meanwhile.
var_dump($s->get('/')->body);
$t0 = microtime(true);
$r = $slow->read(false, 6);
$dt = microtime(true) - $t0;
var_dump($r->status, $dt > 0.5 && $dt < 4, $slow->closedByServer());
// A body that stalls.
$stall = $s->connect();
$stall->send("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nonly some");
$r = $stall->read(false, 6);
var_dump($r->status, $stall->closedByServer());
// An idle keep-alive connection is closed without a response.
$idle = $s->connect();
var_dump($idle->request('GET', '/')->body);
$t0 = microtime(true);
var_dump($idle->closedByServer(5), microtime(true) - $t0 < 4);
$s->stop();
?>
--EXPECT--
string(2) "ok"
int(408)
bool(true)
bool(true)
int(408)
bool(true)
string(2) "ok"
bool(true)
bool(true)
