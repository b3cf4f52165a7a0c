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
stream_set_timeout($sock, 5);
fwrite($sock, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
$t0 = microtime(true);
$got = '';
// Reads until $needle arrives; bounded by time and by the connection closing.
$until = function (string $needle) use ($sock, &$got, $t0): void {
    while (!str_contains($got, $needle) && microtime(true) - $t0 < 10 && !feof($sock)) {
        $got .= (string)fread($sock, 8192);
    }
};
$until("first\n");
$early = microtime(true) - $t0;
var_dump($early < 0.5);
$until("0\r\n\r\n");
var_dump(str_contains($got, "second\n"), microtime(true) - $t0 >= 0.6);
$s->stop();
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
