--TEST--
Direct dispatch: malformed requests get 400, an oversized body 413, oversized headers 431, a slow request 408, an idle connection is closed; each costs only its own connection
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    echo 'ok ', strlen(file_get_contents('php://input'));
})) {}
PHP, 1, ['-o', 'http.pool.dispatch=direct', '-o', 'http.max_request_size=1', '-o', 'http.max_header_size=4096',
    '-o', 'http.read_header_timeout=1s', '-o', 'http.idle_timeout=1s']);
// A bystander keeps its connection through all of it.
$keep = $s->connect();
var_dump($keep->request('GET', '/')->body);

$bad = function (string $raw) use ($s) {
    $c = $s->connect();
    $c->send($raw);
    $r = $c->read();
    return [$r->status, $c->closedByServer()];
};
var_dump($bad("GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n"));
var_dump($bad("NOT A REQUEST\r\n\r\n"));
var_dump($bad("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n"));
var_dump($bad("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " . str_repeat('a', 8000) . "\r\n\r\n"));
// Smuggling shapes are refused: both Content-Length and Transfer-Encoding.
var_dump($bad("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
// A request that never completes: 408 after read_header_timeout.
$c = $s->connect();
$c->send("GET / HTTP/1.1\r\nHost: x\r\n");
$t = microtime(true);
$r = $c->read(false, 5);
var_dump($r->status, microtime(true) - $t < 4);
// An idle keep-alive connection is closed after idle_timeout.
$c = $s->connect();
var_dump($c->request('GET', '/')->status, $c->closedByServer(4));
// A client that leaves mid-request costs nothing.
$c = $s->connect();
$c->send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
$c->close();
// The bystander's connection was closed for idling; a new one works, a body within the limit too.
$c = $s->connect();
var_dump($c->request('POST', '/', ['Content-Type' => 'text/plain'], str_repeat('b', 1000))->body);
var_dump(count($s->workers()));
var_dump($s->stop());
?>
--EXPECT--
string(4) "ok 0"
array(2) {
  [0]=>
  int(400)
  [1]=>
  bool(true)
}
array(2) {
  [0]=>
  int(400)
  [1]=>
  bool(true)
}
array(2) {
  [0]=>
  int(413)
  [1]=>
  bool(true)
}
array(2) {
  [0]=>
  int(431)
  [1]=>
  bool(true)
}
array(2) {
  [0]=>
  int(400)
  [1]=>
  bool(true)
}
int(408)
bool(true)
int(200)
bool(true)
string(7) "ok 1000"
int(1)
int(0)
