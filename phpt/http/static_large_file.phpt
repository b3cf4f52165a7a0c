--TEST--
static middleware, large file: a 120 MB (sparse) file downloads whole with the right length and bytes while the master's RSS stays flat (zero-copy, nothing buffered); a Range at offset 100000000 gets exactly those bytes. Embedded and exec'd goridge workers
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';

const SIZE = 125829120; // 120 MiB
const OFFSET = 100000000;

$embed = "<?php\nwhile (rr_handle_request(function () { echo 'php'; })) {}\n";
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$goridge = "<?php\nrequire '$lib';\n\$w = RrTest\\Goridge\\Worker::fromEnvironment();\nwhile ((\$r = \$w->waitRequest()) !== null) { \$w->respond(200, [], 'php'); }\n";
$yaml = "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  middleware: [static]\n  static:\n    dir: public\n  pool:\n    num_workers: 1\n";

function rss_kb(int $pid): int
{
    return preg_match('/^VmRSS:\s+(\d+) kB/m', (string)@file_get_contents("/proc/$pid/status"), $m) ? (int)$m[1] : -1;
}

function run_checks(string $worker, string $yaml): void
{
    $s = RrTest\Server::prepare(['worker.php' => $worker, '.rr.yaml' => $yaml, 'public/keep' => '']);
    $path = "$s->dir/public/big.bin";
    // Sparse: a few real bytes (markers) in a 120 MB hole, no 120 MB write.
    $f = fopen($path, 'c+');
    ftruncate($f, SIZE);
    fseek($f, 0);
    fwrite($f, 'BEGIN');
    fseek($f, OFFSET);
    fwrite($f, 'MARKER@100000000');
    fseek($f, SIZE - 3);
    fwrite($f, 'END');
    fclose($f);
    clearstatcache();
    echo 'file size ', filesize($path), ', disk blocks (KB) under 1 MB: ', var_export(stat($path)['blocks'] * 512 < 1 << 20, true), "\n";
    $expectedMd5 = md5_file($path);
    $s->launch(['serve']);
    echo 'php: ', $s->get('/nothing')->body, "\n";
    $start = rss_kb($s->pid);

    // The whole file over a raw socket, read in chunks and thrown away (hashed on the way).
    $sock = stream_socket_client("tcp://127.0.0.1:$s->port", $errno, $errstr, 5);
    stream_set_timeout($sock, 10);
    fwrite($sock, "GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n");
    $buf = '';
    $deadline = microtime(true) + 10;
    while (!str_contains($buf, "\r\n\r\n") && microtime(true) < $deadline) {
        $buf .= (string)fread($sock, 8192);
    }
    [$head, $rest] = explode("\r\n\r\n", $buf, 2);
    echo strtok($head, "\r\n"), "\n";
    echo 'Content-Length: ', preg_match('/\r\ncontent-length: (\d+)/i', $head, $m) ? $m[1] : '-', "\n";
    echo 'Content-Type: ', preg_match('/\r\ncontent-type: ([^\r]+)/i', $head, $m) ? $m[1] : '-', "\n";
    $ctx = hash_init('md5');
    hash_update($ctx, $rest);
    $got = strlen($rest);
    $peak = $start;
    $samples = 0;
    $nextSample = 0;
    $deadline = microtime(true) + 30;
    for ($i = 0; $i < 100000 && $got < SIZE && microtime(true) < $deadline; $i++) {
        $chunk = fread($sock, 262144);
        if ($chunk === false || ($chunk === '' && feof($sock))) {
            break;
        }
        hash_update($ctx, $chunk);
        $got += strlen($chunk);
        if ($got >= $nextSample) {
            $peak = max($peak, rss_kb($s->pid));
            $samples++;
            $nextSample += 4 << 20;
            usleep(2000); // a slower reader: the server must wait for the socket, not buffer
        }
    }
    fclose($sock);
    echo 'body bytes: ', $got, ', md5 matches: ', var_export(hash_final($ctx) === $expectedMd5, true), "\n";
    echo 'RSS sampled ', $samples >= 20 ? 'at least 20 times' : "only $samples times", ', grew under 20 MB: ',
        var_export($start > 0 && $peak - $start < 20 * 1024, true), $start > 0 && $peak - $start < 20 * 1024 ? '' : " (start $start kB, peak $peak kB)", "\n";

    // A range deep inside the file.
    $r = $s->get('/big.bin', ['Range' => 'bytes=' . OFFSET . '-' . (OFFSET + 15)]);
    echo 'range: ', $r->status, ' ', $r->header('Content-Range'), ' ', $r->header('Content-Length'), ' ', json_encode($r->body), "\n";
    $r = $s->get('/big.bin', ['Range' => 'bytes=' . (OFFSET - 2) . '-' . (OFFSET + 5)]);
    echo 'range across: ', $r->status, ' ', $r->header('Content-Range'), ' ', bin2hex($r->body), "\n";
    $r = $s->get('/big.bin', ['Range' => 'bytes=-3']);
    echo 'suffix: ', $r->status, ' ', $r->header('Content-Range'), ' ', $r->body, "\n";
    $r = $s->get('/big.bin', ['Range' => 'bytes=' . SIZE . '-']);
    echo 'past the end: ', $r->status, ' ', $r->header('Content-Range'), "\n";
    $c = $s->connect();
    $r = $c->request('HEAD', '/big.bin');
    echo 'HEAD: ', $r->status, ' ', $r->header('Content-Length'), ' ', json_encode($r->body), "\n";
    echo 'then: ', $c->request('GET', '/nothing')->body, "\n";
    $c->close();
    echo 'exit: ', $s->stop(), "\n";
}

echo "== embedded worker\n";
run_checks($embed, $yaml);
echo "== goridge worker\n";
run_checks($goridge, $yaml);
?>
--EXPECT--
== embedded worker
file size 125829120, disk blocks (KB) under 1 MB: true
php: php
HTTP/1.1 200 OK
Content-Length: 125829120
Content-Type: application/octet-stream
body bytes: 125829120, md5 matches: true
RSS sampled at least 20 times, grew under 20 MB: true
range: 206 bytes 100000000-100000015/125829120 16 "MARKER@100000000"
range across: 206 bytes 99999998-100000005/125829120 00004d41524b4552
suffix: 206 bytes 125829117-125829119/125829120 END
past the end: 416 bytes */125829120
HEAD: 200 125829120 ""
then: php
exit: 0
== goridge worker
file size 125829120, disk blocks (KB) under 1 MB: true
php: php
HTTP/1.1 200 OK
Content-Length: 125829120
Content-Type: application/octet-stream
body bytes: 125829120, md5 matches: true
RSS sampled at least 20 times, grew under 20 MB: true
range: 206 bytes 100000000-100000015/125829120 16 "MARKER@100000000"
range across: 206 bytes 99999998-100000005/125829120 00004d41524b4552
suffix: 206 bytes 125829117-125829119/125829120 END
past the end: 416 bytes */125829120
HEAD: 200 125829120 ""
then: php
exit: 0
