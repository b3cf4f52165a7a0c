--TEST--
Pool supervisor: ttl and idle_ttl rotate workers without a failed request; a leaking script rotates on max_worker_memory (private memory)
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = "<?php\n\$keep = [];\nwhile (rr_handle_request(function () use (&\$keep) {\n    if (isset(\$_GET['leak'])) { \$keep[] = str_repeat('x', 8 << 20); }\n    usleep(5000);\n    echo getmypid();\n})) {}\n";

// ttl: workers live 400 ms; under load they rotate and no request fails.
$s = RrTest\Server::start($worker, 2, ['-o', 'http.pool.supervisor.watch_tick=100ms', '-o', 'http.pool.supervisor.ttl=400ms']);
$t0 = microtime(true);
$res = RrTest\load($s, 6, fn () => microtime(true) - $t0 > 2.5, 20, 20000, 30.0);
echo 'ttl: failed ', $res['errors'], ', statuses ', json_encode(array_keys($res['status'])), ', workers seen > 4: ', var_export(count($res['bodies']) > 4, true), "\n";
echo 'ttl logged: ', var_export(str_contains($s->log(), 'reached its ttl (400ms) (ttlReached)'), true), "\n";
$s->stop();

// idle_ttl: a worker that served and then sat idle is replaced; one that never served is kept.
$s = RrTest\Server::start($worker, 2, ['-o', 'http.pool.supervisor.watch_tick=100ms', '-o', 'http.pool.supervisor.idle_ttl=300ms']);
$before = $s->workers();
$first = $s->get('/')->body;
usleep(1000000);
$after = $s->workers();
echo 'idle_ttl: served worker replaced: ', var_export(!in_array((int)$first, $after), true), ', never-served worker kept: ',
    var_export(count(array_intersect($before, $after)) === 1, true), ', next request ', $s->get('/')->status, "\n";
$s->stop();

// max_worker_memory: 8 MB kept per request; the worker goes past 20 MB and is replaced.
$s = RrTest\Server::start($worker, 1, ['-o', 'http.pool.supervisor.watch_tick=100ms', '-o', 'http.pool.supervisor.max_worker_memory=20']);
$pids = [];
$statuses = [];
for ($i = 0; $i < 12; $i++) {
    $r = $s->get('/?leak=1');
    $statuses[$r->status] = true;
    $pids[$r->body] = true;
    usleep(150000);
}
echo 'memory: statuses ', json_encode(array_keys($statuses)), ', rotated: ', var_export(count($pids) >= 2, true), ', logged: ',
    var_export((bool)preg_match('/uses \d+ MB of private memory \(max_worker_memory 20 MB\)/', $s->log()), true), "\n";
echo 'exit: ', $s->stop(), "\n";
?>
--EXPECT--
ttl: failed 0, statuses [200], workers seen > 4: true
ttl logged: true
idle_ttl: served worker replaced: true, never-served worker kept: true, next request 200
memory: statuses [200], rotated: true, logged: true
exit: 0
