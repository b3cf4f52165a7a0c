--TEST--
Bad input: header values, cookies and query values that are not UTF-8 reach PHP byte for byte; the worker is not disturbed
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    header("X-Out: r\xe9sum\xe9");
    echo getmypid(), ' ', bin2hex($_SERVER['HTTP_X_LATIN'] ?? ''), ' ', bin2hex($_GET['q'] ?? ''), ' ', bin2hex($_COOKIE['c'] ?? '');
})) {}
PHP);
$c = $s->connect();
$c->send("GET /?q=caf%E9 HTTP/1.1\r\nHost: x\r\nX-Latin: caf\xe9\xff\r\nCookie: c=\xc3\x28\r\n\r\n");
$r = $c->read();
[$pid1, $h, $q, $cookie] = explode(' ', $r->body);
var_dump($r->status, $h, $q, $cookie, bin2hex($r->header('X-Out')));
[$pid2] = explode(' ', $s->get('/')->body);
var_dump($pid1 === $pid2);
$s->stop();
?>
--EXPECT--
int(200)
string(10) "636166e9ff"
string(8) "636166e9"
string(4) "c328"
string(12) "72e973756de9"
bool(true)
