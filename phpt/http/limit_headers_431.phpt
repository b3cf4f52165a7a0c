--TEST--
Limits: a header block over http.max_header_size gets 431 and the connection closes; PHP never sees it
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () { file_put_contents(__DIR__ . '/seen', $_SERVER['REQUEST_URI'] . "\n", FILE_APPEND); echo 'ok'; })) {}
PHP, 1, ['-o', 'http.max_header_size=4KB']);
$c = $s->connect();
$r = $c->request('GET', '/big', ['X-Big' => str_repeat('a', 5000)]);
var_dump($r->status, $r->header('Connection'), $c->closedByServer());
$r = $s->get('/small', ['X-Fine' => str_repeat('a', 3000)]);
var_dump($r->status);
$c = $s->connect();
$c->send("GET /" . str_repeat('u', 6000) . " HTTP/1.1\r\nHost: x\r\n\r\n");
var_dump($c->read()->status);
var_dump(file_get_contents($s->dir . '/seen'));
$s->stop();
?>
--EXPECT--
int(431)
string(5) "close"
bool(true)
int(200)
int(431)
string(7) "/small
"
