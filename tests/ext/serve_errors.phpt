--TEST--
rr_serve() in php-cli: bad arguments, a bad target, a busy port, a second call
--EXTENSIONS--
rr
--FILE--
<?php
require __DIR__ . '/hosted.inc';
$dir = HostedServer::dir('errors');
foreach ([
    fn () => rr_serve('', []),
    fn () => rr_serve("a\0b"),
    fn () => rr_serve('w.php', ['http.address']),
    fn () => rr_serve('w.php', ['http.address' => new stdClass()]),
    fn () => rr_serve('w.php', ['http.middleware' => [['gzip']]]),
] as $call) {
    try {
        $call();
        echo "no error\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

// The binary's own errors come back as its exit code; then the process has had its one call.
$server = HostedServer::start($dir, <<<'PHP'
<?php
$code = rr_serve(__DIR__ . '/missing.php', ['http.address' => '127.0.0.1:0']);
echo "first call: $code\n";
try {
    rr_serve(__DIR__ . '/missing.php');
} catch (Error $e) {
    echo 'second call: ', $e->getMessage(), "\n";
}
PHP, wait: false);
$code = $server->wait();
echo 'exit code ', $code, "\n";
echo 'says why: ', var_export(str_contains($server->log, "rr-php: error: worker script '$dir/missing.php' not found"), true), "\n";
echo 'first call returned 1: ', var_export(str_contains($server->log, "first call: 1\n"), true), "\n";
preg_match('/second call: .*/', $server->log, $m);
echo $m[0] ?? 'no second call', "\n";

// A port that is taken: a clear error, exit code 1, no process left behind.
$busy = stream_socket_server('tcp://127.0.0.1:0');
$addr = stream_socket_get_name($busy, false);
file_put_contents("$dir/w.php", '<?php while (rr_handle_request(fn () => print("x"))) {}');
$server = HostedServer::start($dir, "<?php exit(rr_serve(__DIR__ . '/w.php', ['http.address' => '$addr']));\n", wait: false);
echo 'busy port: exit code ', $server->wait(), ', says why: ',
    var_export(str_contains($server->log, $addr) && preg_match('/in use/i', $server->log) === 1, true), "\n";
remove_tree($dir);
?>
--EXPECT--
ValueError: rr_serve(): Argument #1 ($target) must be a worker script, a .rr.yaml or a document root
ValueError: rr_serve(): Argument #1 ($target) must be a worker script, a .rr.yaml or a document root
ValueError: rr_serve(): Argument #2 ($overrides) must map config keys ("http.address") to values
TypeError: rr_serve(): Argument #2 ($overrides) value of "http.address" must be a scalar or a list of scalars, stdClass given
TypeError: rr_serve(): Argument #2 ($overrides) value of "http.middleware" must be a scalar or a list of scalars, array given
exit code 0
says why: true
first call returned 1: true
second call: rr_serve() was called already in this process: a php-cli process hosts one server
busy port: exit code 1, says why: true
