--TEST--
Pool chaos: workers killed with SIGKILL at random during a bounded load; the failed requests are exactly the ones in flight on the killed workers, and the pool recovers
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = <<<'PHP'
<?php
$log = fopen(__DIR__ . '/starts.log', 'a');
while (rr_handle_request(function () use ($log) {
    fwrite($log, getmypid() . ' ' . $_GET['id'] . "\n");
    fflush($log);
    usleep(15000);
    echo 'ok';
})) {}
PHP;
$s = RrTest\Server::start($worker, 4);
$killed = [];
mt_srand(42);
$res = RrTest\load($s, 12, function () use ($s, &$killed) {
    static $rounds = 0;
    $rounds++;
    if ($rounds % 15 === 0 && count($killed) < 8) {
        $workers = $s->workers();
        if ($workers) {
            $victim = $workers[mt_rand(0, count($workers) - 1)];
            posix_kill($victim, SIGKILL);
            $killed[$victim] = true;
        }
    }
    return count($killed) >= 8;
}, 200, 20000, 60.0, '/?id={n}');
// Which request started on which worker.
$startedOn = [];
foreach (file($s->dir . '/starts.log', FILE_IGNORE_NEW_LINES) as $line) {
    [$pid, $id] = explode(' ', $line);
    $startedOn[(int)$id] = (int)$pid;
}
$failed = array_keys(array_filter($res['by_id'], fn ($st) => $st !== 200));
$onKilled = array_keys(array_filter($startedOn, fn ($pid) => isset($killed[$pid])));
$completedOnKilled = array_keys(array_filter($res['by_id'], fn ($st, $id) => $st === 200 && isset($startedOn[$id]) && isset($killed[$startedOn[$id]]), ARRAY_FILTER_USE_BOTH));
// In flight on a killed worker: its handler started there and no answer came back ...
$inFlight = array_values(array_intersect(array_diff($onKilled, $completedOnKilled), array_keys($res['by_id'])));
// ... or the worker had read it but was killed before the handler's first line (it never started
// anywhere). A killed worker holds at most one such request.
$neverStarted = array_values(array_filter($failed, fn ($id) => !isset($startedOn[$id])));
$startedElsewhere = array_values(array_filter($failed, fn ($id) => isset($startedOn[$id]) && !isset($killed[$startedOn[$id]])));
echo 'killed: ', count($killed), ', requests: ', $res['requests'] > 300 ? 'over 300' : $res['requests'], "\n";
echo 'statuses seen: ', implode(',', array_keys($res['status'])), "\n";
echo 'no failure on a worker that was not killed: ', var_export($startedElsewhere === [], true), "\n";
echo 'failures read but not started by a killed worker: at most one per kill: ', var_export(count($neverStarted) <= count($killed), true), "\n";
echo 'every request in flight on a killed worker failed: ', var_export(!array_diff($inFlight, $failed), true), "\n";
echo 'some failed: ', var_export(count($failed) >= 1 && count($failed) <= count($killed) * 4, true), "\n";
$deadline = microtime(true) + 10;
while (count($s->workers()) !== 4 && microtime(true) < $deadline) {
    usleep(50000);
}
$after = RrTest\load($s, 4, fn () => true, 40, 100, 20.0, '/?id=0');
echo 'after: 4 workers: ', var_export(count($s->workers()) === 4, true), ', statuses ', json_encode(array_keys($after['status'])), ', at least 40: ', var_export($after['requests'] >= 40, true), ', failed ', $after['errors'], "\n";
echo 'exit: ', $s->stop(), "\n";
?>
--EXPECT--
killed: 8, requests: over 300
statuses seen: 200,500
no failure on a worker that was not killed: true
failures read but not started by a killed worker: at most one per kill: true
every request in flight on a killed worker failed: true
some failed: true
after: 4 workers: true, statuses [200], at least 40: true, failed 0
exit: 0
