--TEST--
http.response_buffer bounds: a streamed response to a client that stopped reading fills memory, then the temp file, then makes the worker wait; when the client reads again everything arrives in order
--EXTENSIONS--
posix
--INI--
memory_limit=1G
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    for ($i = 1; $i <= 64; $i++) {          // 64 flushes of 1 MiB
        echo str_pad("[$i]", 1 << 20, '.');
        flush();
        file_put_contents(__DIR__ . '/progress', (string)$i);
    }
})) {}
PHP, 1, ['-d', 'output_buffering=0', '-o', 'http.response_buffer.memory=64KB', '-o', 'http.response_buffer.temp_file=1MB']);
$progress = fn () => (int)@file_get_contents($s->dir . '/progress');
$c = stream_socket_client("tcp://127.0.0.1:{$s->port}", $errno, $errstr, 5);
socket_set_option(socket_import_stream($c), SOL_SOCKET, SO_RCVBUF, 65536);
fwrite($c, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
// Wait (bounded) until the worker stops making progress: it waits for the client.
$last = -1;
$stableSince = microtime(true);
$deadline = microtime(true) + 20;
while (microtime(true) < $deadline) {
    $p = $progress();
    if ($p !== $last) {
        $last = $p;
        $stableSince = microtime(true);
    } elseif (microtime(true) - $stableSince > 1.0) {
        break;
    }
    usleep(50000);
}
// Socket buffers take a few MiB; the spool at most 64 KiB + 1 MiB + one chunk: far from all 64.
echo $last > 0 && $last < 24 ? "worker waits for the client\n" : "worker went on to chunk $last\n";
// Now the client reads everything: all 64 chunks, in order.
stream_set_timeout($c, 30);
$all = stream_get_contents($c);
fclose($c);
[, $body] = explode("\r\n\r\n", $all, 2);
$plain = '';
while (preg_match('/\A([0-9a-f]+)\r\n/', $body, $m)) {
    $n = hexdec($m[1]);
    $plain .= substr($body, strlen($m[0]), $n);
    $body = substr($body, strlen($m[0]) + $n + 2);
    if ($n === 0) {
        break;
    }
}
preg_match_all('/\[(\d+)\]/', $plain, $marks);
echo strlen($plain) === 64 << 20 && $marks[1] === array_map('strval', range(1, 64)) ? "all 64 MiB in order\n" : 'got ' . strlen($plain) . " bytes\n";
echo 'worker finished: ', $progress(), "\n";
var_dump($s->stop());
?>
--EXPECT--
worker waits for the client
all 64 MiB in order
worker finished: 64
int(0)
