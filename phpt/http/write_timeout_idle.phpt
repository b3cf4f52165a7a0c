--TEST--
http.write_timeout is an idle timeout: a client that keeps reading a large response slowly gets all of it; one that stops reading is cut off
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
const SIZE = 12 << 20;
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    // 12 MiB (three times what loopback's socket buffers take); 32 MiB for the stalled reader.
    echo str_repeat('x', $_SERVER['REQUEST_URI'] === '/huge' ? 32 << 20 : 12 << 20);
})) {}
PHP, 1, ['-d', 'memory_limit=512M', '-o', 'http.write_timeout=1s', '-o', 'http.response_buffer.memory=8MB']);
$read = function (string $path, float $rate, float $stopAfter) use ($s): int {
    $c = stream_socket_client("tcp://127.0.0.1:{$s->port}", $errno, $errstr, 5);
    stream_set_read_buffer($c, 0);
    stream_set_blocking($c, false);
    // A small receive window, so the server's writes really wait for this reader.
    socket_set_option(socket_import_stream($c), SOL_SOCKET, SO_RCVBUF, 65536);
    fwrite($c, "GET $path HTTP/1.1\r\nHost: x\r\n\r\n");
    $got = 0;
    $headLen = 0;
    $t0 = microtime(true);
    while (true) {
        if (microtime(true) - $t0 > $stopAfter) {
            sleep(3);                 // stops reading for longer than write_timeout
            $stopAfter = INF;
        }
        // Up to $rate / 100 bytes now (fread gives at most 8 KiB per call on a socket).
        $chunk = '';
        $quota = (int)($rate / 100);
        while (strlen($chunk) < $quota) {
            $part = fread($c, $quota - strlen($chunk));
            if ($part === '' || $part === false) {
                break;
            }
            $chunk .= $part;
        }
        if ($chunk === '') {
            if (feof($c)) {
                break;
            }
            usleep(10000);
            continue;
        }
        if ($got === 0) {
            $headLen = strpos($chunk, "\r\n\r\n") + 4;   // the head comes in the first read
        }
        $got += strlen($chunk);
        if ($got >= SIZE + $headLen) {
            break;
        }
        usleep(10000);                // $rate bytes per second at most
        if (microtime(true) - $t0 > 40) {
            break;
        }
    }
    fclose($c);
    return $got - $headLen;
};
// 12 MiB at 3 MiB/s: about 4 s in total, far beyond write_timeout, but never idle for 1 s.
$got = $read('/', 3 << 20, INF);
echo $got === SIZE ? "steady reader: complete\n" : "steady reader: cut off after $got bytes\n";
// A reader that stops: cut off after write_timeout.
$got = $read('/huge', 768 * 1024, 0.5);
echo $got < (32 << 20) ? "stalled reader: cut off\n" : "stalled reader: complete\n";
var_dump($s->stop());
?>
--EXPECT--
steady reader: complete
stalled reader: cut off
int(0)
