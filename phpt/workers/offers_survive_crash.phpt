--TEST--
Job offers: a job offered to a worker that then crashes runs elsewhere; only the crashing request fails
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    if ($_SERVER['REQUEST_URI'] === '/crash') {
        usleep(1200000);
        posix_kill(getmypid(), SIGSEGV);
    }
    usleep((int)($_GET['ms'] ?? 0) * 1000);
    echo getmypid();
})) {}
PHP, 2, ['-o', 'logs.level=debug']);
$crash = $s->connect();
$crash->send(RrTest\build_request('GET', '/crash'));
usleep(300000);
$long = $s->connect();
$long->send(RrTest\build_request('GET', '/?ms=3000'));
usleep(300000);
// Both busy: this request is offered to the worker whose job started first, the one that will crash.
$offered = $s->connect();
$offered->send(RrTest\build_request('GET', '/?ms=10'));
$o = $offered->read();
$c = $crash->read();
$l = $long->read();
var_dump($c->status, $o->status, $l->status);
var_dump($s->waitLog('exited (signal 11 (SIGSEGV))'));
$crashPid = preg_match('/worker (\d+) exited \(signal 11/', $s->log(), $m) ? $m[1] : 'none';
var_dump(str_contains($s->log(), "job offered to busy worker $crashPid"));
$s->stop();
?>
--EXPECT--
int(500)
int(200)
int(200)
bool(true)
bool(true)
