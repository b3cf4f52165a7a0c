--TEST--
Worker mode: status, header and body set by the handler reach the client
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    http_response_code(201);
    header('X-Hello: world');
    echo strtoupper($_GET['hello'] ?? '');
})) {}
PHP);
$r = $s->get('/?hello=world');
var_dump($r->status, $r->header('X-Hello'), $r->body, $r->header('Content-Length'));
var_dump($s->stop());
?>
--EXPECT--
int(201)
string(5) "world"
string(5) "WORLD"
string(1) "5"
int(0)
