--TEST--
gzip middleware: gzip / br / zstd by the client's Accept-Encoding (q-values, q=0 refusal, server preference zstd > br > gzip, http.gzip.encodings), only compressible types and bodies of at least 1400 bytes, Vary: Accept-Encoding, weakened ETag, worker-encoded and no-transform bodies left alone; streamed responses compressed incrementally (the first part decodes before the second is even produced); static files compressed, ranges not. Embedded and exec'd goridge workers
--EXTENSIONS--
posix
zlib
--FILE--
<?php
require __DIR__ . '/../tester.inc';

// The replies both kinds of worker give: [status, headers, body] by path.
$routes = <<<'PHP'
<?php
function big(): string { return str_repeat("hello gzip world, compress me please\n", 100); }
function route(string $path): array {
    $text = ['Content-Type' => ['text/plain; charset=UTF-8']];
    return match ($path) {
        '/big' => [200, $text, big()],
        '/1399' => [200, $text, str_repeat('a', 1399)],
        '/1400' => [200, $text, str_repeat('a', 1400)],
        '/json' => [200, ['Content-Type' => ['application/json; charset=utf-8']], json_encode(array_fill(0, 300, ['k' => 'value']))],
        '/png' => [200, ['Content-Type' => ['image/png']], big()],
        '/etag' => [200, $text + ['ETag' => ['"abc"']], big()],
        '/encoded' => [200, $text + ['Content-Encoding' => ['gzip']], gzencode(big())],
        '/no-transform' => [200, $text + ['Cache-Control' => ['no-transform']], big()],
        '/created' => [201, $text, big()],
        '/empty' => [204, [], ''],
        default => [404, $text, 'no route ' . $path],
    };
}
// The streamed reply: part one, then (once the test has decoded it and created the file "go") part two.
function part(int $n): string { return str_repeat("streamed part $n\n", 40); }
function wait_for_go(): bool {
    for ($i = 0; $i < 250; $i++) {
        clearstatcache();
        if (is_file(__DIR__ . '/go')) { unlink(__DIR__ . '/go'); return true; }
        usleep(20000);
    }
    return false;
}
PHP;
$embed = <<<'PHP'
<?php
require __DIR__ . '/routes.php';
while (rr_handle_request(function () {
    $path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
    if ($path === '/stream' || $path === '/stream-nowait') {
        header('Content-Type: text/plain; charset=UTF-8');
        echo part(1);
        flush();
        if ($path === '/stream') { wait_for_go(); } else { usleep(50000); }
        echo part(2);
        return;
    }
    [$status, $headers, $body] = route($path);
    http_response_code($status);
    foreach ($headers as $name => $values) { foreach ($values as $v) { header("$name: $v", false); } }
    echo $body;
})) {}
PHP;
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$goridge = <<<PHP
<?php
require '$lib';
require __DIR__ . '/routes.php';
use RrTest\Goridge\Frame;
\$w = RrTest\Goridge\Worker::fromEnvironment();
while ((\$r = \$w->waitRequest()) !== null) {
    \$path = parse_url(\$r['ctx']['uri'], PHP_URL_PATH);
    if (\$path === '/stream' || \$path === '/stream-nowait') {
        \$head = json_encode(['status' => 200, 'headers' => ['Content-Type' => ['text/plain; charset=UTF-8']]]);
        fwrite(STDOUT, (new Frame(RrTest\Goridge\CODEC_JSON, \$head . part(1), [strlen(\$head)], 0x01))->encode());
        fflush(STDOUT);
        if (\$path === '/stream') { wait_for_go(); } else { usleep(50000); }
        fwrite(STDOUT, (new Frame(RrTest\Goridge\CODEC_JSON, \$head . part(2), [strlen(\$head)], 0))->encode());
        fflush(STDOUT);
        continue;
    }
    [\$status, \$headers, \$body] = route(\$path);
    \$w->respond(\$status, \$headers, \$body);
}
PHP;
$cssBig = str_repeat(".rule { color: blue; margin: 0 auto; }\n", 100);
$files = ['routes.php' => $routes, 'public/big.css' => $cssBig, 'public/small.css' => "a { b: c }\n", 'public/pic.png' => str_repeat("\x89PNG", 1000)];
$yaml = fn (string $command, string $extra = '') => "version: '3'\nserver:\n  command: $command\nhttp:\n  address: 127.0.0.1:0\n  middleware: [static, gzip]\n  static:\n    dir: public\n    calculate_etag: true\n$extra  pool:\n    num_workers: 1\n";

function part(int $n): string { return str_repeat("streamed part $n\n", 40); }

function decode(?string $enc, string $data): ?string
{
    if ($enc === null) {
        return $data;
    }
    if ($enc === 'gzip') {
        $d = @gzdecode($data);
        return $d === false ? null : $d;
    }
    $tmp = tempnam(sys_get_temp_dir(), 'rr-enc');
    file_put_contents($tmp, $data);
    $cmd = $enc === 'br' ? ['brotli', '-d', '-c', $tmp] : ['zstd', '-d', '-c', '-q', $tmp];
    $p = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $out = stream_get_contents($pipes[1]);
    fclose($pipes[1]);
    fclose($pipes[2]);
    $rc = proc_close($p);
    unlink($tmp);
    return $rc === 0 ? $out : null;
}

function show(RrTest\Response $r, string $original): string
{
    $enc = $r->header('Content-Encoding');
    $decoded = decode($enc, $r->body);
    $cl = $r->header('Content-Length');
    return $r->status . ' | Content-Encoding: ' . ($enc ?? '-') . ' | Vary: ' . ($r->header('Vary') ?? '-')
        . ' | Content-Length ' . ($cl === null ? ($r->chunked ? 'none (chunked)' : 'none') : ($cl === (string)strlen($r->body) ? 'matches' : "WRONG $cl"))
        . ' | ' . ($enc !== null && $r->body === $original ? 'NOT ENCODED' : '') . ($decoded === $original ? 'decodes to the original' : 'DECODED ' . json_encode(substr((string)$decoded, 0, 60)));
}

// Reads one chunk of a chunked body from a raw socket.
function read_chunk($sock, string &$buf, float $deadline): ?string
{
    while (($p = strpos($buf, "\r\n")) === false || strlen($buf) < $p + 2 + hexdec(substr($buf, 0, $p)) + 2) {
        if (microtime(true) > $deadline) {
            return null;
        }
        $r = [$sock];
        $w = $e = null;
        if (stream_select($r, $w, $e, 0, 50000)) {
            $data = fread($sock, 65536);
            if ($data === '' || $data === false) {
                return null;
            }
            $buf .= $data;
        }
    }
    $n = hexdec(substr($buf, 0, $p));
    $chunk = substr($buf, $p + 2, $n);
    $buf = substr($buf, $p + 2 + $n + 2);
    return $chunk;
}

// Starts a server with two sparse text files in public/: exactly 8 MB, and 9 MB.
function start_gzip(string $worker, string $yaml, array $files): RrTest\Server
{
    $s = RrTest\Server::prepare(['worker.php' => $worker, '.rr.yaml' => $yaml] + $files);
    foreach (['eight.txt' => 8 << 20, 'nine.txt' => 9 << 20] as $name => $size) {
        $f = fopen("$s->dir/public/$name", 'c');
        ftruncate($f, $size);
        fclose($f);
    }
    return $s->launch(['serve']);
}

function checks(RrTest\Server $s, string $cssBig): string
{
    $o = [];
    $big = str_repeat("hello gzip world, compress me please\n", 100);
    foreach (['' => null, 'gzip' => 'gzip', 'identity' => 'identity', 'gzip;q=0' => 'gzip;q=0', 'br' => 'br', 'zstd' => 'zstd',
            'gzip, deflate, br, zstd' => 'gzip, deflate, br, zstd', '*' => '*', '*;q=0' => '*;q=0', 'gzip;q=1, br;q=0.5' => 'gzip;q=1, br;q=0.5',
            'br;q=0, zstd;q=0, gzip' => 'br;q=0, zstd;q=0, gzip', 'GZIP' => 'GZIP', 'x-gzip' => 'x-gzip', 'deflate' => 'deflate',
            'zstd;q=0, *' => 'zstd;q=0, *'] as $label => $ae) {
        $o[] = sprintf('%-24s', "'$label'") . ': ' . show($s->get('/big', $ae === null ? [] : ['Accept-Encoding' => $ae]), $big);
    }
    $gz = ['Accept-Encoding' => 'gzip'];
    $o[] = '1399 bytes: ' . show($s->get('/1399', $gz), str_repeat('a', 1399));
    $o[] = '1400 bytes: ' . show($s->get('/1400', $gz), str_repeat('a', 1400));
    $o[] = 'json: ' . show($s->get('/json', $gz), json_encode(array_fill(0, 300, ['k' => 'value'])));
    $o[] = 'png: ' . show($s->get('/png', $gz), $big);
    $o[] = 'no-transform: ' . show($s->get('/no-transform', $gz), $big);
    $o[] = '201: ' . show($s->get('/created', $gz), $big);
    $r = $s->get('/empty', $gz);
    $o[] = '204: ' . $r->status . ' ' . var_export($r->header('Content-Encoding'), true) . ' ' . json_encode($r->body);
    $r = $s->get('/encoded', $gz);
    $o[] = 'worker-encoded: ' . $r->status . ' | Content-Encoding: ' . $r->header('Content-Encoding') . ' | once: ' . var_export(@gzdecode($r->body) === $big, true);
    $r = $s->get('/etag', $gz);
    $o[] = 'etag encoded: ' . $r->header('ETag') . ', identity: ' . $s->get('/etag')->header('ETag');
    $c = $s->connect();
    $r = $c->request('HEAD', '/big', $gz);
    // HEAD answers with the headers a GET would get (RFC 9110 9.3.2), so the same Content-Encoding.
    $o[] = 'HEAD: ' . $r->status . ' | Content-Encoding: ' . ($r->header('Content-Encoding') ?? '-') . ' | Vary: ' . ($r->header('Vary') ?? '-') . ' | body ' . json_encode($r->body);
    $o[] = 'then on the same connection: ' . show($c->request('GET', '/big', $gz), $big);
    $c->close();

    // Streamed: the first part must decode from what arrived before the worker even writes part two.
    @unlink($s->dir . '/go');
    $sock = stream_socket_client("tcp://127.0.0.1:$s->port", $errno, $errstr, 5);
    fwrite($sock, "GET /stream HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\n\r\n");
    $buf = '';
    $deadline = microtime(true) + 10;
    while (!str_contains($buf, "\r\n\r\n") && microtime(true) < $deadline) {
        $buf .= (string)fread($sock, 8192);
    }
    [$head, $buf] = explode("\r\n\r\n", $buf, 2) + [1 => ''];
    $o[] = 'stream head: ' . strtok($head, "\r\n") . ' | Content-Encoding: ' . (preg_match('/\r\ncontent-encoding: ([^\r]+)/i', $head, $m) ? $m[1] : '-')
        . ' | chunked ' . var_export(stripos($head, "transfer-encoding: chunked") !== false, true) . ' | Content-Length ' . (preg_match('/\r\ncontent-length: ([^\r]+)/i', $head, $m) ? $m[1] : '-');
    $inflate = inflate_init(ZLIB_ENCODING_GZIP);
    $decoded = '';
    $firstDeadline = microtime(true) + 3;
    while ($decoded !== part(1) && strlen($decoded) < strlen(part(1)) && ($chunk = read_chunk($sock, $buf, $firstDeadline)) !== null && $chunk !== '') {
        $decoded .= inflate_add($inflate, $chunk, ZLIB_SYNC_FLUSH);
    }
    $o[] = 'part one decoded before part two was written: ' . var_export($decoded === part(1), true);
    touch($s->dir . '/go');
    $deadline = microtime(true) + 10;
    while (($chunk = read_chunk($sock, $buf, $deadline)) !== null && $chunk !== '') {
        $decoded .= inflate_add($inflate, $chunk, ZLIB_SYNC_FLUSH);
    }
    $o[] = 'stream end: last chunk ' . var_export($chunk === '', true) . ', whole body ' . var_export($decoded === part(1) . part(2), true)
        . ', gzip stream finished ' . var_export(inflate_get_status($inflate) === ZLIB_STREAM_END, true);
    fclose($sock);
    foreach (['gzip', 'br', 'zstd'] as $enc) {
        $o[] = "stream $enc: " . show($s->get('/stream-nowait', ['Accept-Encoding' => $enc]), part(1) . part(2));
    }
    $o[] = 'stream identity: ' . show($s->get('/stream-nowait'), part(1) . part(2));

    // Static files.
    $etag = sprintf('"%x-%x"', crc32($cssBig), strlen($cssBig));
    $r = $s->get('/big.css', $gz);
    $o[] = 'static big.css: ' . show($r, $cssBig) . ' | ' . $r->header('Content-Type') . ' | ETag weakened ' . var_export($r->header('ETag') === "W/$etag", true);
    foreach (['br', 'zstd'] as $enc) {
        $o[] = "static big.css $enc: " . show($s->get('/big.css', ['Accept-Encoding' => $enc]), $cssBig);
    }
    $r = $s->get('/big.css');
    $o[] = 'static identity: ' . show($r, $cssBig) . ' | ETag strong ' . var_export($r->header('ETag') === $etag, true);
    $o[] = 'static small.css: ' . show($s->get('/small.css', $gz), "a { b: c }\n");
    $o[] = 'static pic.png: ' . show($s->get('/pic.png', $gz), str_repeat("\x89PNG", 1000));
    $r = $s->get('/eight.txt', $gz);
    $o[] = 'static 8 MB: ' . $r->status . ' | Content-Encoding: ' . ($r->header('Content-Encoding') ?? '-') . ' | decodes to the file ' . var_export(@gzdecode($r->body) === str_repeat("\0", 8 << 20), true);
    $r = $s->get('/nine.txt', $gz);
    $o[] = 'static 9 MB (too big to compress): ' . $r->status . ' | Content-Encoding: ' . ($r->header('Content-Encoding') ?? '-') . ' | Content-Length ' . $r->header('Content-Length') . ' | body ' . strlen($r->body);
    $r = $s->get('/big.css', $gz + ['Range' => 'bytes=0-5']);
    $o[] = 'static range: ' . $r->status . ' | Content-Encoding: ' . ($r->header('Content-Encoding') ?? '-') . ' | ' . json_encode($r->body);
    $o[] = 'static 304: ' . $s->get('/big.css', $gz + ['If-None-Match' => "W/$etag"])->status;
    $c = $s->connect();
    $r = $c->request('HEAD', '/big.css', $gz);
    $o[] = 'static HEAD: ' . $r->status . ' | Content-Encoding: ' . ($r->header('Content-Encoding') ?? '-') . ' | Vary: ' . ($r->header('Vary') ?? '-') . ' | body ' . json_encode($r->body);
    $o[] = 'then: ' . show($c->request('GET', '/big.css', $gz), $cssBig);
    $c->close();
    return implode("\n", $o) . "\n";
}

$s = start_gzip($embed, $yaml('php -d output_buffering=0 worker.php'), $files);
$embedOut = checks($s, $cssBig);
echo $embedOut;
echo 'embedded worker processes: ', count($s->workers()), "\n";
$s->stop();

$s = start_gzip($goridge, $yaml('php worker.php'), $files);
echo 'worker processes named rr-php-worker: ', count($s->workers()), "\n";
$goOut = checks($s, $cssBig);
// Only the lines that differ from the embedded run are shown.
$a = explode("\n", $embedOut);
$b = explode("\n", $goOut);
$diff = array_filter(array_keys($b), fn ($i) => ($a[$i] ?? null) !== $b[$i]);
echo 'goridge worker: ', $diff ? "differs:\n" . implode("\n", array_map(fn ($i) => '  ' . $b[$i], $diff)) . "\n" : "same\n";
$s->stop();

// http.gzip.encodings limits the offer; http.gzip.min_size moves the threshold.
$s = RrTest\Server::startWith(['worker.php' => $embed, '.rr.yaml' => $yaml('php worker.php', "  gzip:\n    encodings: [gzip]\n    min_size: 100\n")] + $files, ['serve']);
$big = str_repeat("hello gzip world, compress me please\n", 100);
echo 'encodings [gzip]: ', show($s->get('/big', ['Accept-Encoding' => 'zstd, br, gzip']), $big), "\n";
echo 'encodings [gzip], br only: ', show($s->get('/big', ['Accept-Encoding' => 'br']), $big), "\n";
echo 'min_size 100: ', show($s->get('/1399', ['Accept-Encoding' => 'gzip']), str_repeat('a', 1399)), "\n";
echo 'exit: ', $s->stop(), "\n";
?>
--EXPECT--
''                      : 200 | Content-Encoding: - | Vary: Accept-Encoding | Content-Length matches | decodes to the original
'gzip'                  : 200 | Content-Encoding: gzip | Vary: Accept-Encoding | Content-Length matches | decodes to the original
'identity'              : 200 | Content-Encoding: - | Vary: Accept-Encoding | Content-Length matches | decodes to the original
'gzip;q=0'              : 200 | Content-Encoding: - | Vary: Accept-Encoding | Content-Length matches | decodes to the original
'br'                    : 200 | Content-Encoding: br | Vary: Accept-Encoding | Content-Length matches | decodes to the original
'zstd'                  : 200 | Content-Encoding: zstd | Vary: Accept-Encoding | Content-Length matches | decodes to the original
'gzip, deflate, br, zstd': 200 | Content-Encoding: zstd | Vary: Accept-Encoding | Content-Length matches | decodes to the original
'*'                     : 200 | Content-Encoding: zstd | Vary: Accept-Encoding | Content-Length matches | decodes to the original
'*;q=0'                 : 200 | Content-Encoding: - | Vary: Accept-Encoding | Content-Length matches | decodes to the original
'gzip;q=1, br;q=0.5'    : 200 | Content-Encoding: gzip | Vary: Accept-Encoding | Content-Length matches | decodes to the original
'br;q=0, zstd;q=0, gzip': 200 | Content-Encoding: gzip | Vary: Accept-Encoding | Content-Length matches | decodes to the original
'GZIP'                  : 200 | Content-Encoding: gzip | Vary: Accept-Encoding | Content-Length matches | decodes to the original
'x-gzip'                : 200 | Content-Encoding: gzip | Vary: Accept-Encoding | Content-Length matches | decodes to the original
'deflate'               : 200 | Content-Encoding: - | Vary: Accept-Encoding | Content-Length matches | decodes to the original
'zstd;q=0, *'           : 200 | Content-Encoding: br | Vary: Accept-Encoding | Content-Length matches | decodes to the original
1399 bytes: 200 | Content-Encoding: - | Vary: Accept-Encoding | Content-Length matches | decodes to the original
1400 bytes: 200 | Content-Encoding: gzip | Vary: Accept-Encoding | Content-Length matches | decodes to the original
json: 200 | Content-Encoding: gzip | Vary: Accept-Encoding | Content-Length matches | decodes to the original
png: 200 | Content-Encoding: - | Vary: - | Content-Length matches | decodes to the original
no-transform: 200 | Content-Encoding: - | Vary: - | Content-Length matches | decodes to the original
201: 201 | Content-Encoding: gzip | Vary: Accept-Encoding | Content-Length matches | decodes to the original
204: 204 NULL ""
worker-encoded: 200 | Content-Encoding: gzip | once: true
etag encoded: W/"abc", identity: "abc"
HEAD: 200 | Content-Encoding: gzip | Vary: Accept-Encoding | body ""
then on the same connection: 200 | Content-Encoding: gzip | Vary: Accept-Encoding | Content-Length matches | decodes to the original
stream head: HTTP/1.1 200 OK | Content-Encoding: gzip | chunked true | Content-Length -
part one decoded before part two was written: true
stream end: last chunk true, whole body true, gzip stream finished true
stream gzip: 200 | Content-Encoding: gzip | Vary: Accept-Encoding | Content-Length none (chunked) | decodes to the original
stream br: 200 | Content-Encoding: br | Vary: Accept-Encoding | Content-Length none (chunked) | decodes to the original
stream zstd: 200 | Content-Encoding: zstd | Vary: Accept-Encoding | Content-Length none (chunked) | decodes to the original
stream identity: 200 | Content-Encoding: - | Vary: Accept-Encoding | Content-Length none (chunked) | decodes to the original
static big.css: 200 | Content-Encoding: gzip | Vary: Accept-Encoding | Content-Length matches | decodes to the original | text/css | ETag weakened true
static big.css br: 200 | Content-Encoding: br | Vary: Accept-Encoding | Content-Length matches | decodes to the original
static big.css zstd: 200 | Content-Encoding: zstd | Vary: Accept-Encoding | Content-Length matches | decodes to the original
static identity: 200 | Content-Encoding: - | Vary: Accept-Encoding | Content-Length matches | decodes to the original | ETag strong true
static small.css: 200 | Content-Encoding: - | Vary: Accept-Encoding | Content-Length matches | decodes to the original
static pic.png: 200 | Content-Encoding: - | Vary: - | Content-Length matches | decodes to the original
static 8 MB: 200 | Content-Encoding: gzip | decodes to the file true
static 9 MB (too big to compress): 200 | Content-Encoding: - | Content-Length 9437184 | body 9437184
static range: 206 | Content-Encoding: - | ".rule "
static 304: 304
static HEAD: 200 | Content-Encoding: gzip | Vary: Accept-Encoding | body ""
then: 200 | Content-Encoding: gzip | Vary: Accept-Encoding | Content-Length matches | decodes to the original
embedded worker processes: 1
worker processes named rr-php-worker: 0
goridge worker: same
encodings [gzip]: 200 | Content-Encoding: gzip | Vary: Accept-Encoding | Content-Length matches | decodes to the original
encodings [gzip], br only: 200 | Content-Encoding: - | Vary: Accept-Encoding | Content-Length matches | decodes to the original
min_size 100: 200 | Content-Encoding: gzip | Vary: Accept-Encoding | Content-Length matches | decodes to the original
exit: 0
