--TEST--
Classic mode (through the master and with direct dispatch): a fatal error, the memory limit and max_execution_time (also after many short requests, and after a set_time_limit() that applied to one request only) give 500 and the same worker serves on; -d entries apply; exit() ends the page; exec_ttl is the wall-clock limit (504, worker replaced); state never leaks between requests
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$files = [
    'public/pid.php' => "<?php\necho getmypid(), ' ', isset(\$GLOBALS['leak']) ? 'leaked' : 'clean', ' ', ini_get('precision');\n\$GLOBALS['leak'] = 1;\nini_set('precision', '3');\n",
    'public/fatal.php' => "<?php\necho 'before ';\nundefined_function();\n",
    'public/oom.php' => "<?php\n\$a = str_repeat('x', 64 * 1024 * 1024);\n",
    'public/spin.php' => "<?php\nwhile (true) {}\n",
    'public/exit.php' => "<?php\nheader('X-Before: 1');\necho 'page ';\nexit();\necho 'never';\n",
    'public/sleep.php' => "<?php\nsleep(5);\necho 'late';\n",
    // 1.5 s of CPU under set_time_limit(3): finishes.
    'public/limit.php' => "<?php\nset_time_limit(3);\n\$end = microtime(true) + 1.5;\nwhile (microtime(true) < \$end) {}\necho 'done';\n",
];
// CPU seconds a process has used (max_execution_time counts CPU time, not wall-clock time).
$cpu = function (string $pid): float {
    $stat = (string)file_get_contents("/proc/$pid/stat");
    $f = explode(' ', substr($stat, strrpos($stat, ')') + 2)); // utime and stime: fields 14 and 15

    return ((int)$f[11] + (int)$f[12]) / 100;
};
foreach (['master', 'direct'] as $dispatch) {
echo "== $dispatch\n";
$s = RrTest\Server::prepare($files);
$s->launch(['serve', '--root', $s->dir . '/public', '--listen', '127.0.0.1:0', '--workers', '1', '-o', "http.pool.dispatch=$dispatch",
    '-d', 'display_errors=0', '-d', 'memory_limit=16M', '-d', 'max_execution_time=1', '-d', 'precision=14']);
[$pid, $state] = explode(' ', $s->get('/pid.php')->body, 2);
echo 'first: ', $state, "\n";
$r = $s->get('/fatal.php');
echo 'fatal: ', $r->status, "\n";
$r = $s->get('/oom.php');
echo 'memory limit: ', $r->status, "\n";
$r = $s->get('/exit.php');
echo 'exit: ', $r->status, ' ', $r->body, ' ', $r->header('x-before'), "\n";
// The worker arms PHP's timer only now and then: many short requests first, then the spin must
// still stop after about a second of CPU, not later.
for ($i = 0; $i < 300; $i++) {
    $s->get('/pid.php');
}
// (At most 1 s plus the worker's 1 s of slack, in CPU time.)
$t = $cpu($pid);
$r = $s->get('/spin.php');
echo 'max_execution_time: ', $r->status, ', within 2.5 s of CPU: ', var_export($cpu($pid) - $t < 2.5, true), "\n";
$r = $s->get('/limit.php');
echo 'set_time_limit(3) for one request: ', $r->status, ' ', $r->body, "\n";
$t = $cpu($pid);
$r = $s->get('/spin.php');
echo 'and the next one has 1 s again: ', $r->status, ', within 2.5 s of CPU: ', var_export($cpu($pid) - $t < 2.5, true), "\n";
[$pid2, $state2] = explode(' ', $s->get('/pid.php')->body, 2);
echo 'same worker: ', var_export($pid2 === $pid, true), ', ', $state2, "\n";
echo 'logged: ', var_export(str_contains($s->log(), 'Call to undefined function undefined_function()'), true), ' ',
    var_export(str_contains($s->log(), 'Allowed memory size of 16777216 bytes exhausted'), true), ' ',
    var_export(str_contains($s->log(), 'Maximum execution time of 1 second exceeded'), true), "\n";
echo 'exit code: ', $s->stop(), "\n";
}

// exec_ttl: the wall-clock limit of one request (sleep does not count for max_execution_time).
$s = RrTest\Server::prepare($files + ['.rr.yaml' => "version: '3'\nhttp:\n  address: 127.0.0.1:0\n  classic:\n    root: public\n  pool:\n    num_workers: 1\n    supervisor:\n      watch_tick: 100ms\n      exec_ttl: 1s\n"]);
$s->launch(['serve']);
$pid = (int)$s->get('/pid.php')->body;
// The script sleeps 5 s and then prints "late": a 504 without it means exec_ttl cut the request.
$r = $s->get('/sleep.php');
echo 'exec_ttl: ', $r->status, ', cut before the script ended: ', var_export(!str_contains($r->body, 'late'), true), "\n";
$deadline = microtime(true) + 10;
do {
    $r = $s->get('/pid.php');
} while ($r->status !== 200 && microtime(true) < $deadline && usleep(50000) === null);
echo 'replaced: ', var_export((int)$r->body !== $pid && (int)$r->body > 0, true), "\n";
echo 'exit code: ', $s->stop(), "\n";
?>
--EXPECT--
== master
first: clean 14
fatal: 500
memory limit: 500
exit: 200 page  1
max_execution_time: 500, within 2.5 s of CPU: true
set_time_limit(3) for one request: 200 done
and the next one has 1 s again: 500, within 2.5 s of CPU: true
same worker: true, clean 14
logged: true true true
exit code: 0
== direct
first: clean 14
fatal: 500
memory limit: 500
exit: 200 page  1
max_execution_time: 500, within 2.5 s of CPU: true
set_time_limit(3) for one request: 200 done
and the next one has 1 s again: 500, within 2.5 s of CPU: true
same worker: true, clean 14
logged: true true true
exit code: 0
exec_ttl: 504, cut before the script ended: true
replaced: true
exit code: 0
