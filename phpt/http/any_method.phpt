--TEST--
Any RFC 9110 token is a method: unknown ones (FOO, PURGE, LINK...) reach PHP with their body, also pipelined and split across reads; a method that is not a token is 400
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    echo $_SERVER['REQUEST_METHOD'], ' ', $_SERVER['REQUEST_URI'], ' [', file_get_contents('php://input'), ']';
})) {}
PHP);
foreach (['FOO', 'PURGE', 'GET', 'X-CUSTOM.1', 'BREW'] as $m) {
    $r = $s->request($m, '/x?y=1', ['Content-Type' => 'text/plain'], $m === 'GET' ? '' : 'body of ' . $m);
    echo $r->status, ' ', $r->body, "\n";
}
// Pipelined, and the first request's method split over two writes.
$c = $s->connect();
$c->send("FO");
usleep(50000);
$c->send("O /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhiBAR /b HTTP/1.1\r\nHost: x\r\n\r\n");
echo $c->read()->body, "\n", $c->read()->body, "\n";
$c->close();
// Not a token: refused by the parser.
$c = $s->connect();
$c->send("F@O / HTTP/1.1\r\nHost: x\r\n\r\n");
echo 'not a token: ', $c->read()->status, "\n";
$c->close();
var_dump($s->stop());
?>
--EXPECT--
200 FOO /x?y=1 [body of FOO]
200 PURGE /x?y=1 [body of PURGE]
200 GET /x?y=1 []
200 X-CUSTOM.1 /x?y=1 [body of X-CUSTOM.1]
200 BREW /x?y=1 [body of BREW]
FOO /a [hi]
BAR /b []
not a token: 400
int(0)
