--TEST--
http.pool.cpu_affinity: each worker is pinned to one CPU, spread evenly over the CPUs rr-php may use; a replacement takes the CPU its predecessor left; without the key workers may run anywhere
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$allowed = function (int $pid): string {
    preg_match('/^Cpus_allowed_list:\s*(\S+)/m', (string)@file_get_contents("/proc/$pid/status"), $m);
    return $m[1] ?? '?';
};
$mine = $allowed(getmypid());
$cpus = 0;
foreach (explode(',', $mine) as $range) {
    [$a, $b] = array_pad(explode('-', $range), 2, null);
    $cpus += $b === null ? 1 : (int)$b - (int)$a + 1;
}
$worker = "<?php\nwhile (rr_handle_request(function () { echo getmypid(); })) {}\n";
$workers = 2 * max($cpus, 1);
$s = RrTest\Server::start($worker, $workers, ['-o', 'http.pool.cpu_affinity=true', '-o', 'http.pool.dispatch=direct']);
$per = [];
foreach ($s->workers() as $pid) {
    $per[$allowed($pid)][] = $pid;
}
ksort($per);
$single = array_filter(array_keys($per), fn ($k) => ctype_digit((string)$k));
// One CPU: nothing to spread, the workers keep the server's mask. More: two workers on each CPU.
echo 'spread: ', var_export($cpus < 2 ? array_keys($per) === [$mine]
    : count($per) === $cpus && count($single) === $cpus && min(array_map('count', $per)) === 2 && max(array_map('count', $per)) === 2, true), "\n";
// A worker that dies: its replacement takes the CPU it left (the only one with one worker).
$victim = $per[array_key_first($per)][0];
$cpu = $allowed($victim);
posix_kill($victim, 9);
$deadline = microtime(true) + 10;
do {
    usleep(50000);
    $new = array_values(array_diff($s->workers(), array_merge(...array_values($per))));
} while ((count($new) !== 1 || count($s->workers()) !== $workers) && microtime(true) < $deadline);
echo 'replacement: ', var_export(count($new) === 1 && $allowed($new[0]) === $cpu, true), "\n";
echo 'serves: ', $s->get('/')->status, "\n";
$s->stop();

$s = RrTest\Server::start($worker, 2, ['-o', 'http.pool.dispatch=direct']);
echo 'without the key: ', var_export(array_map($allowed, $s->workers()) === [$mine, $mine], true), "\n";
$s->stop();
?>
--EXPECT--
spread: true
replacement: true
serves: 200
without the key: true
