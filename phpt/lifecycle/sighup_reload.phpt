--TEST--
SIGHUP re-reads the config and replaces the workers one by one from a new zygote: no failed request under load; a broken config is refused and the server keeps going
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = "<?php\nwhile (rr_handle_request(function () { usleep(2000); echo ini_get('memory_limit'), ' ', getenv('DEPLOY'); })) {}\n";
$yaml = fn (string $mem, string $deploy, int $n) => "version: '3'\nserver:\n  command: php -d memory_limit=$mem worker.php\n  env:\n    DEPLOY: $deploy\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    num_workers: $n\n";
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml('64M', 'one', 3)], ['serve']);
$zygotes = fn () => count(array_filter($s->descendants(), fn ($p) => trim((string)@file_get_contents("/proc/$p/comm")) === 'rr-php-zygote'));
$before = $s->workers();
echo "before: ", $s->get('/')->body, ", workers ", count($before), ", zygotes ", $zygotes(), "\n";

// Reload under load: the new config changes php.ini, the environment and the worker count.
file_put_contents($s->dir . '/.rr.yaml', $yaml('96M', 'two', 2));
$sent = false;
$res = RrTest\load($s, 8, function () use ($s, &$sent) {
    static $n = 0;
    if (++$n === 20) {
        posix_kill($s->pid, SIGHUP);
        $sent = true;
    }
    return $sent && str_contains($s->log(), 'reload: done');
}, 200, 20000, 60.0);
echo 'reload finished: ', var_export($res['finished'], true), ', failed requests: ', $res['errors'], ', statuses: ', json_encode(array_keys($res['status'])), "\n";
echo 'answers seen: ', implode(', ', array_keys($res['bodies'])), "\n";
$deadline = microtime(true) + 10;
while ((count($s->workers()) !== 2 || $zygotes() !== 1) && microtime(true) < $deadline) {
    usleep(50000);
}
$after = $s->workers();
echo "after: ", $s->get('/')->body, ", workers ", count($after), ", all new: ", var_export(!array_intersect($before, $after), true), ", zygotes ", $zygotes(), "\n";

// A broken config on SIGHUP: an error in the log, the same workers keep serving.
file_put_contents($s->dir . '/.rr.yaml', "version: '3'\nhttp:\n  pool:\n    num_workers: lots\n");
posix_kill($s->pid, SIGHUP);
echo 'refused: ', var_export($s->waitLog('reload failed, the server keeps its current configuration: http.pool.num_workers'), true), "\n";
echo "still: ", $s->get('/')->body, ", same workers: ", var_export($s->workers() == $after, true), "\n";
echo 'exit: ', $s->stop(), "\n";
echo 'no process left: ', var_export(!array_filter(array_merge($before, $after), 'RrTest\alive'), true), "\n";
?>
--EXPECT--
before: 64M one, workers 3, zygotes 1
reload finished: true, failed requests: 0, statuses: [200]
answers seen: 64M one, 96M two
after: 96M two, workers 2, all new: true, zygotes 1
refused: true
still: 96M two, same workers: true
exit: 0
no process left: true
