--TEST--
Workers: a worker that dies mid-request (segfault) costs exactly that request (500); concurrent requests on other workers are unaffected; it is replaced
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    if ($_SERVER['REQUEST_URI'] === '/crash') {
        usleep(200000);
        posix_kill(getmypid(), SIGSEGV);
        usleep(1000000);
    }
    if ($_SERVER['REQUEST_URI'] === '/slow') {
        usleep(600000);
    }
    echo getmypid();
})) {}
PHP, 2);
$before = $s->workers();
var_dump(count($before));
$res = RrTest\parallel($s, [['GET', '/crash'], ['GET', '/slow']]);
var_dump($res[0]->status, $res[1]->status, ctype_digit($res[1]->body));
var_dump($s->waitLog('exited (signal 11 (SIGSEGV))'));
// The pool is back to two workers, one of them new.
$deadline = microtime(true) + 10;
do {
    $after = $s->workers();
    usleep(50000);
} while (count($after) < 2 && microtime(true) < $deadline);
var_dump(count($after), count(array_diff($after, $before)));
$ok = 0;
for ($i = 0; $i < 20; $i++) {
    $ok += $s->get('/')->status === 200;
}
var_dump($ok);
var_dump($s->stop());
?>
--EXPECT--
int(2)
int(500)
int(200)
bool(true)
bool(true)
int(2)
int(1)
int(20)
int(0)
