--TEST--
HEAD: status and headers as for GET, no body; the connection stays usable
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    header('X-Method: ' . $_SERVER['REQUEST_METHOD']);
    echo str_repeat('b', 1000);
})) {}
PHP);
$c = $s->connect();
$r = $c->request('HEAD', '/');
var_dump($r->status, $r->header('X-Method'), $r->body);
$r = $c->request('GET', '/');
var_dump($r->status, strlen($r->body));
$s->stop();
?>
--EXPECT--
int(200)
string(4) "HEAD"
string(0) ""
int(200)
int(1000)
