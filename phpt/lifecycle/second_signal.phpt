--TEST--
Graceful stop: a second signal while stopping forces exit 1 at once
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () { sleep(5); echo 'late'; })) {}
PHP);
$c = $s->connect();
$c->send(RrTest\build_request('GET', '/'));
usleep(200000);
posix_kill($s->pid, SIGTERM);
usleep(200000);
$t0 = microtime(true);
posix_kill($s->pid, SIGTERM);
var_dump($s->wait(), microtime(true) - $t0 < 2);
var_dump(str_contains($s->log(), 'exit forced'));
?>
--EXPECT--
int(1)
bool(true)
bool(true)
