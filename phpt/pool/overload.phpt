--TEST--
Pool overload: a full queue (max_queue_size) answers 503 with Retry-After at once; no worker within wait_timeout → 503; RR's 500 + No-Workers as an option; full recovery after
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = "<?php\nwhile (rr_handle_request(function () { usleep((int)(\$_GET['ms'] ?? 0) * 1000); echo 'ok'; })) {}\n";
$s = RrTest\Server::start($worker, 1, ['-o', 'http.pool.max_queue_size=2', '-o', 'http.pool.prefetch=false']);
$conns = [];
for ($i = 0; $i < 6; $i++) {
    $c = $s->connect();
    $c->send(RrTest\build_request('GET', '/?ms=600'));
    $conns[] = $c;
    usleep(30000);
}
$t0 = microtime(true);
$out = [];
foreach ($conns as $i => $c) {
    $r = $c->read(false, 10);
    $out[] = $r->status . ($r->header('retry-after') !== null ? '+Retry-After' : '');
}
echo 'queue: ', implode(' ', $out), "\n";
$res = RrTest\load($s, 2, fn () => true, 20, 100, 20.0, '/?ms=1');
echo 'recovered: ', json_encode($res['status']), ", failed {$res['errors']}\n";
$s->stop();

// wait_timeout bounds the wait for a worker, separately from allocate_timeout (spawning).
$s = RrTest\Server::start($worker, 1, ['-o', 'http.pool.wait_timeout=200ms', '-o', 'http.pool.prefetch=false']);
$busy = $s->connect();
$busy->send(RrTest\build_request('GET', '/?ms=1500'));
usleep(100000);
$t0 = microtime(true);
$r = $s->get('/');
printf("wait_timeout: %d after %s\n", $r->status, microtime(true) - $t0 < 1.0 ? 'less than 1 s' : 'too long');
echo 'busy one: ', $busy->read()->status, "\n";
$s->stop();

// RoadRunner's answer instead: 500 with No-Workers: true.
$s = RrTest\Server::start($worker, 1, ['-o', 'http.pool.wait_timeout=200ms', '-o', 'http.pool.prefetch=false', '-o', 'http.pool.overload_status=500']);
$busy = $s->connect();
$busy->send(RrTest\build_request('GET', '/?ms=1000'));
usleep(100000);
$r = $s->get('/');
echo 'rr style: ', $r->status, ' No-Workers: ', $r->header('no-workers'), "\n";
$busy->read();
echo 'exit: ', $s->stop(), "\n";
?>
--EXPECTF--
queue: 200 200 200 503+Retry-After 503+Retry-After 503+Retry-After
recovered: {"200":%d}, failed 0
wait_timeout: 503 after less than 1 s
busy one: 200
rr style: 500 No-Workers: true
exit: 0
