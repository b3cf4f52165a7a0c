--TEST--
CLI: a listen address that is taken fails at once with exit code 1, before any worker starts
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$blocker = stream_socket_server('tcp://127.0.0.1:0');
$port = (int)substr(strrchr(stream_socket_get_name($blocker, false), ':'), 1);
$script = tempnam(sys_get_temp_dir(), 'rr') . '.php';
file_put_contents($script, "<?php\nwhile (rr_handle_request(fn () => print('x'))) {}\n");
[$code, $out, $err] = RrTest\run(['serve', $script, '--listen', "127.0.0.1:$port"]);
echo $code, "\n";
echo str_contains($err, "cannot listen on 127.0.0.1:$port: Address already in use") ? "clear error\n" : $err;
echo str_contains($err, 'worker') ? "a worker started\n" : "no worker started\n";
unlink($script);
?>
--EXPECT--
1
clear error
no worker started
