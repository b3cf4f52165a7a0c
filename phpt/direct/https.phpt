--TEST--
Direct dispatch with http.ssl: the workers serve HTTPS themselves (HTTPS=on, SSL_* in $_SERVER, ALPN h2 and http/1.1; HTTP/2 itself: http2.phpt); keep-alive, bodies both ways, streamed answers, classic-mode static files over TLS; client certificates; plain HTTP, TLS 1.1 and a silent client on the TLS port cost nothing; a redirecting plain listener stays the master's; SIGHUP renews the certificate
--EXTENSIONS--
posix
openssl
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = <<<'PHP'
<?php
while (rr_handle_request(function () {
    $path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
    if ($path === '/big') { echo str_repeat('0123456789abcdef', 65536); return; } // 1 MiB
    if ($path === '/echo') { echo md5(file_get_contents('php://input')), ' ', strlen(file_get_contents('php://input')); return; }
    if ($path === '/stream') { for ($i = 0; $i < 3; $i++) { echo "part $i\n"; flush(); usleep(20000); } return; }
    if ($path === '/client') { echo $_SERVER['SSL_CLIENT_VERIFY'], ' ', $_SERVER['SSL_CLIENT_S_DN'] ?? '-'; return; }
    header('Content-Type: text/plain');
    foreach (['HTTPS', 'REQUEST_SCHEME', 'SERVER_PORT', 'SSL_PROTOCOL', 'SSL_CLIENT_VERIFY', 'SSL_TLS_SNI'] as $k) {
        echo $k, '=', $_SERVER[$k] ?? '(unset)', "\n";
    }
    echo 'cipher set: ', var_export(($_SERVER['SSL_CIPHER'] ?? '') !== '', true), "\n";
})) {}
PHP;
$s = RrTest\Server::prepare(['worker.php' => $worker]);
$certs = $s->dir . '/certs';
RrTest\make_certs($certs);
$tls = ['-o', 'http.ssl.address=127.0.0.1:0', '-o', 'http.ssl.cert=certs/server.crt', '-o', 'http.ssl.key=certs/server.key'];
$s->launch(array_merge(['serve', 'worker.php', '--listen', '127.0.0.1:0', '--workers', '2',
    '-o', 'http.pool.dispatch=direct', '-o', 'http.ssl.handshake_timeout=1s'], $tls),
    null, '#serving http://127\.0\.0\.1:(\d+) \(dispatch: direct\) and https://127\.0\.0\.1:\d+ \(dispatch: direct\)#');
$https = "https://localhost:{$s->tlsPort}";
$ca = ['--cacert', "$certs/ca.crt"];

echo "== curl over TLS, from a worker\n";
[$rc, $out, $err] = RrTest\curl(array_merge($ca, ["$https/info"]));
echo "rc=$rc\n", str_replace($s->tlsPort, 'TLSPORT', $out);
[$rc, $out, $err] = RrTest\curl(array_merge($ca, ['--http2', '-v', "$https/info", '-o', '/dev/null']));
echo 'ALPN: curl --http2 gets h2: ', var_export($rc === 0 && str_contains($err, 'ALPN: server accepted h2'), true), "\n";
[$rc, $out, $err] = RrTest\curl(array_merge($ca, ['--http1.1', '-v', "$https/info", '-o', '/dev/null']));
echo 'ALPN: curl --http1.1 gets HTTP/1.1: ', var_export($rc === 0 && str_contains($err, 'ALPN: server accepted http/1.1'), true), "\n";
echo "== plain HTTP still served, by the workers too\n";
echo $s->get('/info')->body;

echo "== one TLS connection, several requests (keep-alive)\n";
$c = $s->connectTls();
foreach (['/info', '/big', '/echo', '/stream', '/info'] as $p) {
    $body = $p === '/echo' ? random_bytes(300000) : '';
    $r = $c->request($p === '/echo' ? 'POST' : 'GET', $p, $body === '' ? [] : ['Content-Type' => 'application/octet-stream'], $body);
    $summary = match ($p) {
        '/big' => strlen($r->body) === 1048576 && $r->body === str_repeat('0123456789abcdef', 65536) ? '1 MiB intact' : 'BROKEN ' . strlen($r->body),
        '/echo' => $r->body === md5($body) . ' 300000' ? 'body arrived intact' : 'BROKEN ' . $r->body,
        '/stream' => json_encode($r->body) . ' ' . $r->header('Transfer-Encoding'),
        default => 'SSL_PROTOCOL=' . (preg_match('/SSL_PROTOCOL=(\S+)/', $r->body, $m) ? $m[1] : '?'),
    };
    echo "$p {$r->status} $summary\n";
}
$c->close();

echo "== refused without harm\n";
[$rc] = RrTest\curl(array_merge($ca, ['--tlsv1.1', '--tls-max', '1.1', "$https/info"]));
echo 'TLS 1.1 refused: ', var_export($rc !== 0, true), "\n";
$p = new RrTest\Connection($s->tlsPort);
$p->send("GET /info HTTP/1.1\r\nHost: x\r\n\r\n");
$back = $p->readToClose(microtime(true) + 10);
echo 'plain HTTP on the TLS port: closed, no HTTP answer: ', var_export(!str_contains($back, 'HTTP/1.1'), true), "\n";
// Clients that connect and never say hello: served around, then closed at handshake_timeout.
$idle = [new RrTest\Connection($s->tlsPort), new RrTest\Connection($s->tlsPort), new RrTest\Connection($s->tlsPort)];
[$rc, $out] = RrTest\curl(array_merge($ca, ["$https/big", '-o', '/dev/null', '-w', '%{http_code}']));
echo "still serving: $rc $out\n";
$t = microtime(true);
$closed = $idle[0]->readToClose(microtime(true) + 10) === '' && microtime(true) - $t < 5;
echo 'a silent client is closed at handshake_timeout: ', var_export($closed, true), "\n";
var_dump($s->stop());
echo 'no error logged: ', var_export(!str_contains($s->log(), 'error'), true), "\n";

echo "== client certificates (require_and_verify_client_cert), HTTPS only\n";
file_put_contents($s->dir . '/server.log', '');
$s->launch(array_merge(['serve', 'worker.php', '--workers', '1', '-o', 'http.address=""', '-o', 'http.pool.dispatch=direct',
    '-o', 'http.ssl.root_ca=certs/ca.crt', '-o', 'http.ssl.client_auth_type=require_and_verify_client_cert'], $tls),
    null, '#serving https://127\.0\.0\.1:(\d+) \(dispatch: direct\) with#');
$https = "https://localhost:{$s->tlsPort}";
foreach (['no certificate' => [], 'trusted CA' => ['--cert', "$certs/client.crt", '--key', "$certs/client.key"],
          'other CA' => ['--cert', "$certs/stranger.crt", '--key', "$certs/stranger.key"]] as $who => $args) {
    [$rc, $out] = RrTest\curl(array_merge($ca, $args, ["$https/client"]));
    printf("%-15s %s\n", $who, $rc === 0 ? $out : 'handshake refused');
}
var_dump($s->stop());

echo "== http.ssl.redirect: the plain listener answers 308 from the master, HTTPS from the workers\n";
file_put_contents($s->dir . '/server.log', '');
$s->launch(array_merge(['serve', 'worker.php', '--listen', '127.0.0.1:0', '--workers', '1', '-o', 'http.pool.dispatch=direct',
    '-o', 'http.ssl.redirect=true'], $tls), null, '#serving http://127\.0\.0\.1:(\d+) \(redirected to https\) and https://127\.0\.0\.1:\d+ \(dispatch: direct\)#');
$r = $s->get('/info?a=1');
echo $r->status, ' ', str_replace($s->tlsPort, 'TLSPORT', $r->header('Location')), "\n";
[$rc, $out] = RrTest\curl(array_merge($ca, ["https://localhost:{$s->tlsPort}/client"]));
echo "rc=$rc $out\n";

echo "== SIGHUP: new workers, the renewed certificate\n";
$cn = function () use ($s): string {
    $c = $s->connectTls(['capture_peer_cert' => true]);
    $r = $c->request('GET', '/client');
    $cert = stream_context_get_params($c->sock)['options']['ssl']['peer_certificate'];
    $c->close();
    return openssl_x509_parse($cert)['subject']['CN'] . ' ' . $r->status;
};
echo 'before: ', $cn(), "\n";
RrTest\make_certs($certs, 'renewed');
posix_kill($s->pid, SIGHUP);
echo 'reloaded: ', var_export($s->waitLog('TLS certificate certs/server.crt loaded'), true), "\n";
$seen = '';
for ($deadline = microtime(true) + 20; microtime(true) < $deadline && !str_starts_with($seen, 'renewed'); usleep(100000)) {
    $seen = $cn(); // the old worker serves until its replacement runs
}
echo 'after: ', $seen, "\n";
var_dump($s->stop());

echo "== classic mode: static files and scripts over TLS from the workers\n";
$c = RrTest\Server::prepare(['index.php' => '<?php echo "script ", $_SERVER["HTTPS"] ?? "-", " ", $_SERVER["SSL_PROTOCOL"] ?? "-";',
    'file.bin' => str_repeat("static\n", 300000)]);
RrTest\make_certs($c->dir . '/certs');
$c->launch(array_merge(['serve', '--root', $c->dir, '--listen', '127.0.0.1:0', '--workers', '1', '-o', 'http.pool.dispatch=direct'], $tls),
    null, '#serving http://127\.0\.0\.1:(\d+) \(dispatch: direct\) and https#');
$conn = $c->connectTls();
$r = $conn->request('GET', '/file.bin');
echo $r->status, ' ', $r->body === str_repeat("static\n", 300000) ? 'static file intact (' . $r->header('Content-Length') . ' bytes)' : 'BROKEN ' . strlen($r->body), "\n";
$r = $conn->request('GET', '/file.bin', ['Range' => 'bytes=7-13']);
echo $r->status, ' ', json_encode($r->body), "\n";
echo $conn->request('GET', '/')->body, "\n";
$conn->close();
var_dump($c->stop());
?>
--EXPECTF--
== curl over TLS, from a worker
rc=0
HTTPS=on
REQUEST_SCHEME=https
SERVER_PORT=TLSPORT
SSL_PROTOCOL=TLSv1.3
SSL_CLIENT_VERIFY=NONE
SSL_TLS_SNI=localhost
cipher set: true
ALPN: curl --http2 gets h2: true
ALPN: curl --http1.1 gets HTTP/1.1: true
== plain HTTP still served, by the workers too
HTTPS=(unset)
REQUEST_SCHEME=http
SERVER_PORT=%d
SSL_PROTOCOL=(unset)
SSL_CLIENT_VERIFY=(unset)
SSL_TLS_SNI=(unset)
cipher set: false
== one TLS connection, several requests (keep-alive)
/info 200 SSL_PROTOCOL=TLSv1.3
/big 200 1 MiB intact
/echo 200 body arrived intact
/stream 200 "part 0\npart 1\npart 2\n" chunked
/info 200 SSL_PROTOCOL=TLSv1.3
== refused without harm
TLS 1.1 refused: true
plain HTTP on the TLS port: closed, no HTTP answer: true
still serving: 0 200
a silent client is closed at handshake_timeout: true
int(0)
no error logged: true
== client certificates (require_and_verify_client_cert), HTTPS only
no certificate  handshake refused
trusted CA      SUCCESS CN=alice,O=Example
other CA        handshake refused
int(0)
== http.ssl.redirect: the plain listener answers 308 from the master, HTTPS from the workers
308 https://localhost:TLSPORT/info?a=1
rc=0 NONE -
== SIGHUP: new workers, the renewed certificate
before: localhost 200
reloaded: true
after: renewed 200
int(0)
== classic mode: static files and scripts over TLS from the workers
200 static file intact (2100000 bytes)
206 "static\n"
script on TLSv1.3
int(0)
