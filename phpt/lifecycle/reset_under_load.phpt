--TEST--
rr-php reset (RPC resetter.Reset) under concurrent load replaces every worker with zero failed requests, also while requests are slow; no replaced worker serves again
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = "<?php\nwhile (rr_handle_request(function () { usleep(20000); echo getmypid(); })) {}\n";
$yaml = "version: '3'\nserver:\n  command: php worker.php\nrpc:\n  listen: unix://rpc.sock\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    num_workers: 3\n";
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml], ['serve']);
$before = $s->workers();
$proc = null;
$out = '';
$res = RrTest\load($s, 12, function () use ($s, &$proc, &$out) {
    static $n = 0;
    if (++$n === 10) {
        $cwd = getcwd();
        chdir($s->dir);
        $proc = proc_open([RrTest\binary(), 'reset'], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        chdir($cwd);
        stream_set_blocking($pipes[1], false);
        $GLOBALS['reset_pipes'] = $pipes;
    }
    if ($proc === null) {
        return false;
    }
    $out .= stream_get_contents($GLOBALS['reset_pipes'][1]);
    $st = proc_get_status($proc);
    if ($st['running']) {
        return false;
    }
    $out .= stream_get_contents($GLOBALS['reset_pipes'][1]);
    $GLOBALS['reset_exit'] = $st['exitcode'];
    return true;
}, 100, 20000, 60.0);
echo 'reset exit: ', $GLOBALS['reset_exit'] ?? 'never finished', "\n", $out;
echo 'requests > 100: ', var_export($res['requests'] > 100, true), ', failed: ', $res['errors'], ', statuses: ', json_encode(array_keys($res['status'])), "\n";
$deadline = microtime(true) + 10;
while ((count($after = $s->workers()) !== 3 || array_intersect($before, $after)) && microtime(true) < $deadline) {
    usleep(50000);
}
echo 'all 3 workers new: ', var_export(count($after) === 3 && !array_intersect($before, $after), true), "\n";
// A worker that was assigned a job just before it left the pool once went back to serving after it
// (with the old code, outside the pool's count): every answer now comes from the new workers, and no
// old worker process is left.
$served = [];
for ($i = 0; $i < 30; $i++) {
    $served[$s->get('/')->body] = true;
}
echo 'answers only from new workers: ', var_export(!array_intersect($before, array_keys($served)), true), "\n";
$alive = array_filter($before, fn ($p) => file_exists("/proc/$p") && trim((string)@file_get_contents("/proc/$p/comm")) === 'rr-php-worker');
echo 'old worker processes left: ', count($alive), "\n";
echo 'exit: ', $s->stop(), "\n";
?>
--EXPECT--
reset exit: 0
Resetting plugin: [http]
Plugin [http] reset: done
requests > 100: true, failed: 0, statuses: [200]
all 3 workers new: true
answers only from new workers: true
old worker processes left: 0
exit: 0
