--TEST--
Expect: 100-continue gets an interim 100 before the body is sent; an oversized one gets 413 instead
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () { echo 'got ', strlen(file_get_contents('php://input')); })) {}
PHP, 1, ['-o', 'http.max_request_size=1']);
$c = $s->connect();
$c->send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\n\r\n");
$interim = fread($c->sock, 100);
var_dump($interim);
$c->send("hello");
$r = $c->read();
var_dump($r->status, $r->body);
$c = $s->connect();
$c->send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\n\r\n");
$r = $c->read();
var_dump($r->status, $r->header('Connection'));
$s->stop();
?>
--EXPECT--
string(25) "HTTP/1.1 100 Continue

"
int(200)
string(5) "got 5"
int(413)
string(5) "close"
