--TEST--
HTTP/1.0: closes by default, keeps alive when asked, answers with HTTP/1.0
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () { echo $_SERVER['SERVER_PROTOCOL']; })) {}
PHP);
$c = $s->connect();
$r = $c->request('GET', '/', [], '', 'HTTP/1.0');
var_dump($r->protocol, $r->body, $r->header('Connection'), $c->closedByServer());
$c = $s->connect();
$r = $c->request('GET', '/', ['Connection' => 'keep-alive'], '', 'HTTP/1.0');
var_dump($r->header('Connection'));
$r = $c->request('GET', '/', ['Connection' => 'keep-alive'], '', 'HTTP/1.0');
var_dump($r->body);
$s->stop();
?>
--EXPECT--
string(8) "HTTP/1.0"
string(8) "HTTP/1.0"
string(5) "close"
bool(true)
string(10) "keep-alive"
string(8) "HTTP/1.0"
