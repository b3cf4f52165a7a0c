--TEST--
Streaming: each flush() reaches the client before the handler finishes
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    echo "first\n";
    flush();
    usleep(700000);
    echo "second\n";
})) {}
PHP, 1, ['-d', 'output_buffering=0']);
$sock = stream_socket_client("tcp://127.0.0.1:{$s->port}");
fwrite($sock, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
$t0 = microtime(true);
$got = '';
while (!str_contains($got, "first\n")) {
    $got .= fread($sock, 8192);
}
$early = microtime(true) - $t0;
var_dump($early < 0.5);
while (!str_contains($got, "0\r\n\r\n")) {
    $got .= fread($sock, 8192);
}
var_dump(str_contains($got, "second\n"), microtime(true) - $t0 >= 0.6);
$s->stop();
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
