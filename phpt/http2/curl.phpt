--TEST--
HTTP/2 with curl: h2 over TLS (ALPN), cleartext h2 by prior knowledge and by Upgrade: h2c (http.http2.h2c), HTTP/1.1 beside it; streams of one connection run at the same time on different workers; bodies both ways, streaming, static files, classic mode; without h2c a cleartext client gets HTTP/1.1
--EXTENSIONS--
posix
zlib
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = <<<'PHP'
<?php
while (rr_handle_request(function () {
    $p = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
    if ($p === '/slow') { // a rendezvous of three: each waits (at most 5 s) until all three are in
        touch(__DIR__ . '/meet-' . getmypid());
        for ($i = 0; $i < 500 && count(glob(__DIR__ . '/meet-*')) < 3; $i++) { usleep(10000); }
        echo getmypid(), ':', $_SERVER['REMOTE_PORT'], count(glob(__DIR__ . '/meet-*')) >= 3 ? ' together;' : ' alone;';
        return;
    }
    if ($p === '/stream') { for ($i = 0; $i < 3; $i++) { echo "part $i\n"; flush(); usleep(10000); } return; }
    if ($p === '/big') { echo str_repeat('0123456789', 300000); return; }
    if ($p === '/post') { $in = file_get_contents('php://input'); echo strlen($in), ' ', md5($in); return; }
    echo $_SERVER['SERVER_PROTOCOL'], ' ', $_SERVER['REQUEST_SCHEME'], ' ', $_SERVER['HTTP_HOST'], ' ', $_SERVER['REQUEST_METHOD'], ' ', $_GET['q'] ?? '-';
})) {}
PHP;
$s = RrTest\Server::prepare(['worker.php' => $worker, 'public/file.txt' => str_repeat("static\n", 100000)]);
RrTest\make_certs($s->dir . '/certs');
$s->launch(['serve', 'worker.php', '--listen', '127.0.0.1:0', '--workers', '3', '-o', 'http.ssl.address=127.0.0.1:0',
    '-o', 'http.ssl.cert=certs/server.crt', '-o', 'http.ssl.key=certs/server.key', '-o', 'http.http2.h2c=true',
    '-o', 'http.middleware=static', '-o', 'http.static.dir=public'], null, '#serving http://127\.0\.0\.1:(\d+) and https#');
$ca = ['--cacert', $s->dir . '/certs/ca.crt'];
$https = "https://localhost:{$s->tlsPort}";
$http = "http://127.0.0.1:{$s->port}";
$fix = fn ($t) => str_replace([(string)$s->tlsPort, (string)$s->port], ['TLSPORT', 'PORT'], $t);
foreach (['h2 over TLS' => array_merge($ca, ['--http2', "$https/?q=1"]),
          'h2c prior knowledge' => ['--http2-prior-knowledge', "$http/?q=2"],
          'h2c upgrade' => ['--http2', "$http/?q=3"],
          'HTTP/1.1' => ['--http1.1', "$http/?q=4"],
          'HTTP/1.1 over TLS' => array_merge($ca, ['--http1.1', "$https/?q=5"]),
          'HEAD over h2' => array_merge($ca, ['--http2', '-I', "$https/"])] as $what => $args) {
    [$rc, $out] = RrTest\curl(array_merge($args, ['-w', ' [%{http_version} %{http_code}]']));
    $out = $what === 'HEAD over h2' ? (preg_match('/^HTTP\/2 200/', $out) ? 'HTTP/2 200 head only' : $out) . substr($out, strrpos($out, ' [')) : $out;
    printf("%-20s rc=%d %s\n", $what, $rc, $fix($out));
}
// Three slow requests on one connection, three workers: served at the same time.
[$rc, $out] = RrTest\curl(array_merge($ca, ['--http2', '--parallel', '--parallel-max', '3',
    "$https/slow", "$https/slow", "$https/slow"]));
preg_match_all('/(\d+):(\d+) (\w+);/', $out, $m);
echo 'parallel streams: rc=', $rc, ', three answers from ', count(array_unique($m[1])), ' workers over ',
    count(array_unique($m[2])), ' connection, served ', implode(',', array_unique($m[3])), "\n";
// Bodies both ways.
$up = random_bytes(1500000);
file_put_contents($s->dir . '/up.bin', $up);
[$rc, $out] = RrTest\curl(array_merge($ca, ['--http2', '-H', 'Content-Type: application/octet-stream', '--data-binary', '@' . $s->dir . '/up.bin', "$https/post"]));
echo 'upload 1.5 MB: ', $out === strlen($up) . ' ' . md5($up) ? 'intact' : "rc=$rc $out", "\n";
[$rc, $out] = RrTest\curl(array_merge($ca, ['--http2', "$https/big"]));
echo 'download 3 MB: ', $out === str_repeat('0123456789', 300000) ? 'intact' : "rc=$rc " . strlen($out), "\n";
[$rc, $out] = RrTest\curl(array_merge($ca, ['--http2', '-N', "$https/stream"]));
echo 'streamed: ', json_encode($out), "\n";
[$rc, $out] = RrTest\curl(array_merge($ca, ['--http2', "$https/file.txt"]));
echo 'static file: ', $out === str_repeat("static\n", 100000) ? 'intact' : "rc=$rc " . strlen($out), "\n";
[$rc, $out] = RrTest\curl(['--http2-prior-knowledge', "$http/file.txt", '-o', '/dev/null', '-w', '%{http_version} %{size_download}']);
echo "static file over h2c: $out\n";
var_dump($s->stop());

// Without http.http2.h2c a cleartext client that asks to upgrade gets HTTP/1.1.
file_put_contents($s->dir . '/server.log', '');
$s->launch(['serve', 'worker.php', '--listen', '127.0.0.1:0', '--workers', '1']);
[$rc, $out] = RrTest\curl(['--http2', "http://127.0.0.1:{$s->port}/?q=6", '-w', ' [%{http_version}]']);
echo "upgrade without h2c: rc=$rc ", str_replace((string)$s->port, 'PORT', $out), "\n";
[$rc] = RrTest\curl(['--http2-prior-knowledge', "http://127.0.0.1:{$s->port}/"]);
echo 'prior knowledge without h2c refused: ', var_export($rc !== 0, true), "\n";
echo 'still serving: ', $s->get('/?q=7')->body, "\n";
var_dump($s->stop());

// Classic mode over h2.
$c = RrTest\Server::prepare(['public/index.php' => '<?php echo $_SERVER["SERVER_PROTOCOL"], " ", $_SERVER["SCRIPT_NAME"], " ", $_SERVER["HTTPS"] ?? "-";']);
RrTest\make_certs($c->dir . '/certs');
$c->launch(['serve', '--root', 'public', '--listen', '127.0.0.1:0', '--workers', '1', '-o', 'http.ssl.address=127.0.0.1:0',
    '-o', 'http.ssl.cert=certs/server.crt', '-o', 'http.ssl.key=certs/server.key'], null, '#serving http://127\.0\.0\.1:(\d+) and https#');
[$rc, $out] = RrTest\curl(['--cacert', $c->dir . '/certs/ca.crt', '--http2', "https://localhost:{$c->tlsPort}/anything"]);
echo "classic over h2: rc=$rc $out\n";
var_dump($c->stop());

// An exec'd goridge worker over h2c, with the gzip middleware and the access log.
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$g = RrTest\Server::startWith([
    'worker.php' => "<?php\nrequire '$lib';\n\$w = RrTest\\Goridge\\Worker::fromEnvironment();\nwhile ((\$req = \$w->waitRequest()) !== null) {\n    \$w->respond(200, ['Content-Type' => ['text/plain']], \$req['ctx']['protocol'] . ' ' . str_repeat('compress me ', 500));\n}\n",
    '.rr.yaml' => "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  access_logs: true\n  middleware: [gzip]\n  http2:\n    h2c: true\n  pool:\n    num_workers: 1\n",
], ['serve']);
[$rc, $out] = RrTest\curl(['--http2-prior-knowledge', '-H', 'Accept-Encoding: gzip', '-D', '-', "http://127.0.0.1:{$g->port}/g"]);
[$head, $body] = explode("\r\n\r\n", $out, 2);
echo 'goridge worker over h2c: ', strtok($head, "\r\n"), ' | ', preg_match('/^content-encoding: gzip/mi', $head) ? 'gzip' : 'not compressed',
    ' | ', substr((string)gzdecode($body), 0, 20), "\n";
echo 'access log: ', $g->waitLog('http log: GET /g 200') && str_contains($g->log(), 'HTTP/2 stream 1') ? 'HTTP/2 stream 1 logged' : $g->log(), "\n";
var_dump($g->stop());
?>
--EXPECT--
h2 over TLS          rc=0 HTTP/2.0 https localhost:TLSPORT GET 1 [2 200]
h2c prior knowledge  rc=0 HTTP/2.0 http 127.0.0.1:PORT GET 2 [2 200]
h2c upgrade          rc=0 HTTP/2.0 http 127.0.0.1:PORT GET 3 [2 200]
HTTP/1.1             rc=0 HTTP/1.1 http 127.0.0.1:PORT GET 4 [1.1 200]
HTTP/1.1 over TLS    rc=0 HTTP/1.1 https localhost:TLSPORT GET 5 [1.1 200]
HEAD over h2         rc=0 HTTP/2 200 head only [2 200]
parallel streams: rc=0, three answers from 3 workers over 1 connection, served together
upload 1.5 MB: intact
download 3 MB: intact
streamed: "part 0\npart 1\npart 2\n"
static file: intact
static file over h2c: 2 700000
int(0)
upgrade without h2c: rc=0 HTTP/1.1 http 127.0.0.1:PORT GET 6 [1.1]
prior knowledge without h2c refused: true
still serving: HTTP/1.1 http localhost GET 7
int(0)
classic over h2: rc=0 HTTP/2.0 /index.php on
int(0)
goridge worker over h2c: HTTP/2 200  | gzip | HTTP/2.0 compress me
access log: HTTP/2 stream 1 logged
int(0)
