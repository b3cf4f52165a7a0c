--TEST--
Pool supervisor: exec_ttl is hard: a request past it gets 504, its worker is killed and replaced; other requests are unaffected
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start("<?php\nwhile (rr_handle_request(function () { usleep((int)(\$_GET['ms'] ?? 0) * 1000); echo getmypid(); })) {}\n", 2,
    ['-o', 'http.pool.supervisor.exec_ttl=500ms']);
$fast = $s->get('/');
$slowConn = $s->connect();
$slowConn->send(RrTest\build_request('GET', '/?ms=5000'));
usleep(100000);
$other = $s->get('/?ms=100');
$t0 = microtime(true);
$slow = $slowConn->read();
$took = microtime(true) - $t0;
echo 'slow: ', $slow->status, ' within 1.5 s: ', var_export($took < 1.5, true), "\n";
echo 'other request meanwhile: ', $other->status, "\n";
echo 'logged: ', var_export(str_contains($s->log(), 'the request ran longer than supervisor.exec_ttl (500ms)'), true), "\n";
$deadline = microtime(true) + 10;
while (count($s->workers()) !== 2 && microtime(true) < $deadline) {
    usleep(50000);
}
$codes = [];
for ($i = 0; $i < 6; $i++) {
    $codes[] = $s->get('/?ms=50')->status;
}
echo 'afterwards: ', implode(',', array_unique($codes)), ', workers ', count($s->workers()), "\n";
echo 'exit: ', $s->stop(), "\n";
?>
--EXPECT--
slow: 504 within 1.5 s: true
other request meanwhile: 200
logged: true
afterwards: 200, workers 2
exit: 0
