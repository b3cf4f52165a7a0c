--TEST--
Slow readers: clients reading large PHP responses slowly do not hold workers (the master buffers them, in memory then in a temp file), a fresh request is served at once, master RSS stays bounded, and the slow clients still get every byte
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
const BIG = 20 << 20;
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    if ($_SERVER['REQUEST_URI'] === '/big') {
        echo str_repeat('0123456789abcdef', (20 << 20) / 16);
        return;
    }
    if ($_SERVER['REQUEST_URI'] === '/streamed') {
        for ($i = 0; $i < 20; $i++) {   // 20 flushes of 1 MiB: the same through STREAM frames
            echo str_repeat('0123456789abcdef', (1 << 20) / 16);
            flush();
        }
        return;
    }
    echo 'fresh ', getmypid();
})) {}
PHP, 2, ['-d', 'output_buffering=0', '-d', 'memory_limit=256M']);
$rss = function (int $pid): int {
    preg_match('/VmRSS:\s+(\d+)/', (string)@file_get_contents("/proc/$pid/status"), $m);
    return (int)($m[1] ?? 0) * 1024;
};
$s->get('/');
$rssStart = $rss($s->pid);
// Two slow clients (one per worker): each reads 16 KiB and then stops reading.
$slow = [];
foreach (['/big', '/streamed'] as $path) {
    $c = stream_socket_client("tcp://127.0.0.1:{$s->port}", $errno, $errstr, 5);
    stream_set_read_buffer($c, 0);
    fwrite($c, "GET $path HTTP/1.1\r\nHost: x\r\n\r\n");
    $got = '';
    while (strlen($got) < 16384) {
        $got .= fread($c, 16384 - strlen($got));
    }
    $slow[] = ['sock' => $c, 'got' => $got];
}
// The workers have produced their responses by now; a fresh request gets one of them at once.
$t0 = microtime(true);
$fresh = $s->request('GET', '/fresh');
$dt = microtime(true) - $t0;
echo 'fresh: ', $fresh->status, ' ', str_starts_with($fresh->body, 'fresh ') ? 'served' : 'not served',
    $dt < 5 ? ' while the slow clients wait' : " only after {$dt}s", "\n";
// Master memory: the responses are not held in it (256 KiB each in memory, the rest in temp files).
$peak = 0;
for ($i = 0; $i < 20; $i++) {
    $peak = max($peak, $rss($s->pid));
    usleep(20000);
}
$growth = $peak - $rssStart;
// The bound: 16 MiB. Under AddressSanitizer (scripts/sanitize.sh) freed memory waits in its
// quarantine and every touched page has shadow memory: those come on top.
$allowed = 16 << 20;
if (preg_match('/quarantine_size_mb=(\d+)/', (string)getenv('ASAN_OPTIONS'), $q)) {
    $allowed += ((int)$q[1] << 20) + (8 << 20);
}
echo $rssStart > 0 && $growth < $allowed ? "master RSS bounded\n" : "master RSS grew by $growth bytes\n";
// Now the slow clients read the rest: every byte arrives, in order.
foreach ($slow as $i => $c) {
    stream_set_timeout($c['sock'], 30);
    $all = $c['got'];
    $deadline = microtime(true) + 60;
    while (microtime(true) < $deadline) {
        $chunk = fread($c['sock'], 1 << 20);
        if ($chunk === '' || $chunk === false) {
            if (feof($c['sock'])) {
                break;
            }
            if (str_ends_with($all, "\r\n0\r\n\r\n") || (strpos($all, "\r\n\r\n") !== false
                && strlen($all) - strpos($all, "\r\n\r\n") - 4 >= BIG)) {
                break;
            }
            continue;
        }
        $all .= $chunk;
        if (str_ends_with($all, "\r\n0\r\n\r\n")) {
            break;
        }
        $head = strpos($all, "\r\n\r\n");
        if ($head !== false && !str_contains(substr($all, 0, $head), 'chunked') && strlen($all) - $head - 4 >= BIG) {
            break;
        }
    }
    [$head, $body] = explode("\r\n\r\n", $all, 2);
    if (str_contains($head, 'chunked')) {
        $plain = '';
        while (preg_match('/\A([0-9a-f]+)\r\n/', $body, $m)) {
            $n = hexdec($m[1]);
            $plain .= substr($body, strlen($m[0]), $n);
            $body = substr($body, strlen($m[0]) + $n + 2);
            if ($n === 0) {
                break;
            }
        }
        $body = $plain;
    }
    echo "slow client $i: ", strlen($body) === BIG && $body === str_repeat('0123456789abcdef', BIG / 16)
        ? 'complete' : 'got ' . strlen($body) . ' bytes', "\n";
    fclose($c['sock']);
}
var_dump($s->stop());
?>
--EXPECT--
fresh: 200 served while the slow clients wait
master RSS bounded
slow client 0: complete
slow client 1: complete
int(0)
