--TEST--
Worker mode: rr_handle_request() returns false when the server stops the worker; code after the loop runs
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
$served = 0;
while ($more = rr_handle_request(function () use (&$served) { $served++; echo 'ok'; })) {}
file_put_contents(__DIR__ . '/after-loop.txt', var_export($more, true) . " after $served requests");
PHP);
var_dump($s->get('/')->body, $s->get('/')->body);
var_dump($s->stop());
var_dump(file_get_contents($s->dir . '/after-loop.txt'));
?>
--EXPECT--
string(2) "ok"
string(2) "ok"
int(0)
string(22) "false after 2 requests"
