--TEST--
CLI: --version, --help, and one clear line with exit code 1 for every bad argument
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
[$code, $out] = RrTest\run(['--version']);
echo $code, ' ', preg_match('/^rr-php version \d+\.\d+\.\d+ \(PHP 8\.2\.\d+ embedded, linux\)$/', trim($out)) ? 'version ok' : $out, "\n";
[$code, $out] = RrTest\run(['--help']);
echo $code, ' ', str_contains($out, 'serve') ? 'help ok' : $out, "\n";
[$code, $out] = RrTest\run(['serve', '--help']);
echo $code, ' ', str_contains($out, '--listen') && str_contains($out, '--workers') ? 'serve help ok' : $out, "\n";
$script = tempnam(sys_get_temp_dir(), 'rr') . '.php';
file_put_contents($script, "<?php\n");
$bad = [
    ['serve'],
    ['serve', '/nonexistent/worker.php'],
    ['serve', sys_get_temp_dir()],
    ['serve', $script, '--workers', 'many'],
    ['serve', $script, '--workers', '-3'],
    ['serve', $script, '--listen', 'nowhere'],
    ['serve', $script, '--listen', '127.0.0.1:99999'],
    ['serve', $script, '-o', 'http.pool.allocate_timeout=10'],
    ['serve', $script, '-o', 'novalue'],
    ['serve', $script, '-d', 'noequals'],
    ['serve', $script, '--bogus'],
    ['frobnicate'],
    ['jobs', 'list'],
];
foreach ($bad as $args) {
    [$code, $out, $err] = RrTest\run($args);
    $lines = explode("\n", trim($err));
    printf("%d %d %s\n", $code, count($lines), preg_replace('#' . preg_quote(sys_get_temp_dir()) . '/rr\w+\.php#', 'SCRIPT', $lines[0]));
}
unlink($script);
?>
--EXPECTF--
0 version ok
0 help ok
0 serve help ok
1 1 rr-php: error: no worker script and no .rr.yaml here: run rr-php serve WORKER.php, or give a config with -c path/to/.rr.yaml
1 1 rr-php: error: worker script '/nonexistent/worker.php' not found
1 1 rr-php: error: worker script '%s' is not a file
1 1 rr-php: error: --workers: 'many' is not allowed: expected a number from 0 (one per CPU) to 4096
1 1 rr-php: error: --workers: '-3' is not allowed: expected a number from 0 (one per CPU) to 4096
1 1 rr-php: error: http.address: 'nowhere' is not an address: expected host:port, e.g. 127.0.0.1:8080
1 1 rr-php: error: http.address: '127.0.0.1:99999' has no valid port: expected a number from 0 to 65535
1 1 rr-php: error: http.pool.allocate_timeout: '10' is not a duration: write a number with a unit, e.g. 500ms, 30s, 5m, 1h
1 1 rr-php: error: -o 'novalue': expected key=value, e.g. -o http.pool.num_workers=4
1 1 rr-php: error: -d 'noequals': expected name=value, e.g. -d memory_limit=256M
1 1 rr-php: error: The following argument was not expected: --bogus (see rr-php --help)
1 1 rr-php: error: The following argument was not expected: frobnicate (see rr-php --help)
1 1 rr-php: error: cannot reach the server's RPC at tcp://127.0.0.1:6001: Connection refused (is rr-php serve running, with an rpc section in its config?). No config file was read (none in %s): run this where serve's .rr.yaml is, or give it with -c; a server started without one has no RPC unless it was given -o rpc.listen=ADDRESS, which this command needs too
