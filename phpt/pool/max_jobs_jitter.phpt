--TEST--
Pool: max_jobs=20 with 10% jitter: every replaced worker served between 20 and 22 requests (offers taken back do not count), the budgets differ, and every request succeeded
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
// Each worker says at its end how many requests it served.
$s = RrTest\Server::start(<<<'PHP'
<?php
$served = 0;
while (rr_handle_request(function () use (&$served) { $served++; echo getmypid(); })) {}
fwrite(STDERR, "pid=" . getmypid() . " served=$served\n");
PHP, 4, ['-o', 'http.pool.max_jobs=20']);
$res = RrTest\load($s, 8, fn () => false, 0, 1500, 120.0);
echo 'requests: ', $res['requests'] >= 1500 ? 'at least 1500' : $res['requests'], ', statuses: ', json_encode(array_keys($res['status'])), ', failed: ', $res['errors'], "\n";
// The workers the server replaced for max_jobs (it says so for each) served all of their budget.
// (Taken from the log, not from a list of live processes: a replacement still starting when the
// load ends can serve its last requests and never show up in such a list.)
$stop = $s->stop();
preg_match_all('/pid=(\d+) served=(\d+)/', $s->log(), $m, PREG_SET_ORDER);
preg_match_all('/worker (\d+) served max_jobs/', $s->log(), $r);
$retired = array_flip($r[1]);
$replaced = [];
foreach ($m as [, $pid, $n]) {
    if (isset($retired[$pid])) {
        $replaced[] = (int)$n;
    }
}
echo 'replaced workers: ', count($replaced) >= 40 ? 'at least 40' : count($replaced), "\n";
$outside = array_filter($replaced, fn ($n) => $n < 20 || $n > 22);
echo 'each served 20 to 22: ', $replaced && !$outside ? 'true' : 'false ' . json_encode(array_values($outside)), "\n";
if ($outside) {
    // What the server said of those workers (why they left), to diagnose a failure.
    foreach (array_keys($outside) as $i) {
        $pid = array_values(array_filter($m, fn ($x) => (int)$x[2] === $outside[$i]))[0][1] ?? '?';
        echo implode("\n", preg_grep("/\\b$pid\\b/", explode("\n", $s->log()))), "\n";
    }
}
echo 'budgets differ (jitter): ', var_export(count(array_unique($replaced)) > 1, true), "\n";
var_dump($stop);
?>
--EXPECT--
requests: at least 1500, statuses: [200], failed: 0
replaced workers: at least 40
each served 20 to 22: true
budgets differ (jitter): true
int(0)
