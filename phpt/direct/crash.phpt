--TEST--
Direct dispatch: a worker that segfaults mid-request costs that request (its connection closes); a fatal error answers 500; other workers' connections go on; the worker is replaced
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    if ($_SERVER['REQUEST_URI'] === '/crash') {
        posix_kill(getmypid(), SIGSEGV);
        usleep(1000000);
    }
    if ($_SERVER['REQUEST_URI'] === '/fatal') {
        ini_set('memory_limit', '4M');
        $a = str_repeat('x', 8 << 20);
    }
    echo getmypid();
})) {}
PHP, 2, ['-o', 'http.pool.dispatch=direct']);
$before = $s->workers();
// Two connections, on different workers when both are free.
$a = $s->connect();
$b = $s->connect();
$pa = $a->request('GET', '/')->body;
$pb = $b->request('GET', '/')->body;
// A fatal error: 500, and the worker (which cannot be trusted after it) is replaced.
$r = $a->request('GET', '/fatal');
var_dump($r->status);
// The crash costs exactly its request.
$c = $s->connect();
$c->send("GET /crash HTTP/1.1\r\nHost: x\r\n\r\n");
try {
    $c->read(false, 5);
    echo "answered\n";
} catch (RuntimeException $e) {
    echo "connection closed\n";
}
var_dump($s->waitLog('exited (signal 11 (SIGSEGV))'));
$deadline = microtime(true) + 10;
do {
    $after = $s->workers();
    usleep(50000);
} while ((count($after) < 2 || count(array_diff($after, $before)) < 1) && microtime(true) < $deadline);
var_dump(count($after));
$ok = 0;
for ($i = 0; $i < 20; $i++) {
    $ok += $s->get('/')->status === 200;
}
var_dump($ok);
var_dump($s->stop());
?>
--EXPECT--
int(500)
connection closed
bool(true)
int(2)
int(20)
int(0)
