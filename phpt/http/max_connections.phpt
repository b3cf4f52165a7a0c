--TEST--
Limits: connections over http.max_connections get an immediate 503; a freed slot is usable again
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () { echo 'ok'; })) {}
PHP, 1, ['-o', 'http.max_connections=2']);
$a = $s->connect();
$b = $s->connect();
var_dump($a->request('GET', '/')->body, $b->request('GET', '/')->body);
$c = $s->connect();
$c->send(RrTest\build_request('GET', '/'));
$r = $c->read();
var_dump($r->status, $r->header('Retry-After'), $c->closedByServer());
$a->close();
usleep(200000);
var_dump($s->get('/')->body);
$s->stop();
?>
--EXPECT--
string(2) "ok"
string(2) "ok"
int(503)
string(1) "1"
bool(true)
string(2) "ok"
