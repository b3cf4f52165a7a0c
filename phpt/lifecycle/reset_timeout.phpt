--TEST--
http.pool.reset_timeout: a reset whose new workers do not start in time fails with the reason, and the old workers keep serving
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
// Once "slow-boot" exists, a new worker takes 10 s to start.
$worker = "<?php\nif (file_exists(__DIR__ . '/slow-boot')) { sleep(10); }\nwhile (rr_handle_request(function () { echo getmypid(); })) {}\n";
$yaml = "version: '3'\nserver:\n  command: php worker.php\nrpc:\n  listen: unix://rpc.sock\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    num_workers: 1\n    reset_timeout: 1s\n";
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml], ['serve']);
$before = $s->get('/')->body;
touch($s->dir . '/slow-boot');
$old = getcwd();
chdir($s->dir);
$t0 = microtime(true);
[$code, $out, $err] = RrTest\run(['reset'], 30);
$dt = microtime(true) - $t0;
chdir($old);
echo "reset: exit $code, ", str_contains($out . $err, 'reset_timeout passed') ? 'reset_timeout named' : "unclear: $out $err", ', within 8 s: ', var_export($dt < 8, true), "\n";
echo 'old worker still serves: ', var_export($s->get('/')->body === $before, true), "\n";
unlink($s->dir . '/slow-boot');
var_dump($s->stop());
?>
--EXPECT--
reset: exit 1, reset_timeout named, within 8 s: true
old worker still serves: true
int(0)
