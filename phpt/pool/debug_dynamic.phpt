--TEST--
Pool: debug mode starts a fresh worker per request; the dynamic allocator adds workers while requests wait and removes them after idle_timeout
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = "<?php\nwhile (rr_handle_request(function () { usleep((int)(\$_GET['ms'] ?? 0) * 1000); echo getmypid(); })) {}\n";
$s = RrTest\Server::start($worker, 2, ['-o', 'http.pool.debug=true']);
$pids = [];
for ($i = 0; $i < 5; $i++) {
    $r = $s->get('/');
    $pids[$r->body] = $r->status;
}
echo 'debug: ', $i, ' requests, ', count($pids), ' workers, statuses ', implode(',', array_unique($pids)), "\n";
$deadline = microtime(true) + 5;
while ($s->workers() && microtime(true) < $deadline) {
    usleep(20000);
}
echo 'no worker waits between requests: ', var_export(!$s->workers(), true), "\n";
$s->stop();

$s = RrTest\Server::start($worker, 1, ['-o', 'http.pool.prefetch=false', '-o', 'http.pool.dynamic_allocator.max_workers=3',
    '-o', 'http.pool.dynamic_allocator.spawn_rate=3', '-o', 'http.pool.dynamic_allocator.idle_timeout=1s']);
$rs = RrTest\parallel($s, array_fill(0, 4, ['GET', '/?ms=800']));
$most = count($s->workers());
echo 'peak: ', implode(',', array_map(fn ($r) => $r?->status, $rs)), ', more workers started: ', var_export(str_contains($s->log(), 'starting 3 more (dynamic_allocator'), true), "\n";
$deadline = microtime(true) + 10;
while (count($s->workers()) > 1 && microtime(true) < $deadline) {
    usleep(100000);
}
echo 'after idle_timeout: ', count($s->workers()), " worker\n";
echo 'exit: ', $s->stop(), "\n";

// idle_timeout under 1s means 1m, as in RoadRunner: the extra workers are still there 2.5 s later.
$s = RrTest\Server::start($worker, 1, ['-o', 'http.pool.prefetch=false', '-o', 'http.pool.dynamic_allocator.max_workers=3',
    '-o', 'http.pool.dynamic_allocator.spawn_rate=3', '-o', 'http.pool.dynamic_allocator.idle_timeout=500ms']);
RrTest\parallel($s, array_fill(0, 4, ['GET', '/?ms=800']));
$peak = count($s->workers());
usleep(2500000); // an absence to observe: nothing would say that the workers stay
echo 'idle_timeout 500ms: extra workers kept: ', var_export($peak > 1 && count($s->workers()) === $peak, true), "\n";
echo 'exit: ', $s->stop(), "\n";
?>
--EXPECT--
debug: 5 requests, 5 workers, statuses 200
no worker waits between requests: true
peak: 200,200,200,200, more workers started: true
after idle_timeout: 1 worker
exit: 0
idle_timeout 500ms: extra workers kept: true
exit: 0
