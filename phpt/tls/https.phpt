--TEST--
TLS (http.ssl): HTTPS beside plain HTTP; HTTPS=on and SSL_* in $_SERVER; keep-alive, bodies both ways, streamed and static responses over TLS; TLS 1.1 and plain HTTP on the TLS port refused without harm
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
    header('Content-Type: text/plain');
    foreach (['HTTPS', 'REQUEST_SCHEME', 'SERVER_PORT', 'SSL_PROTOCOL', 'SSL_CLIENT_VERIFY', 'SSL_TLS_SNI'] as $k) {
        echo $k, '=', $_SERVER[$k] ?? '(unset)', "\n";
    }
    echo 'cipher set: ', var_export(($_SERVER['SSL_CIPHER'] ?? '') !== '', true), "\n";
}, )) {}
PHP;
$s = RrTest\Server::prepare(['worker.php' => $worker, 'public/file.bin' => str_repeat("static\n", 300000)]);
RrTest\make_certs($s->dir . '/certs');
$s->launch(['serve', 'worker.php', '--listen', '127.0.0.1:0', '--workers', '2',
    '-o', 'http.ssl.address=127.0.0.1:0', '-o', 'http.ssl.cert=certs/server.crt', '-o', 'http.ssl.key=certs/server.key',
    '-o', 'http.middleware=static', '-o', 'http.static.dir=public'],
    null, '#serving http://127\.0\.0\.1:(\d+) and https://127\.0\.0\.1:\d+#');
echo 'two listeners: ', var_export($s->port > 0 && $s->tlsPort > 0 && $s->port !== $s->tlsPort, true), "\n";
$https = "https://localhost:{$s->tlsPort}";
$ca = ['--cacert', $s->dir . '/certs/ca.crt'];

echo "== curl over TLS\n";
[$rc, $out, $err] = RrTest\curl(array_merge($ca, ["$https/info"]));
echo "rc=$rc\n", str_replace($s->tlsPort, 'TLSPORT', $out);
echo "== plain HTTP still served\n";
echo $s->get('/info')->body;

echo "== one TLS connection, several requests (keep-alive)\n";
$c = $s->connectTls();
foreach (['/info', '/big', '/echo', '/file.bin', '/stream'] as $p) {
    $body = $p === '/echo' ? random_bytes(300000) : '';
    $r = $c->request($p === '/echo' ? 'POST' : 'GET', $p, $body === '' ? [] : ['Content-Type' => 'application/octet-stream'], $body);
    $summary = match ($p) {
        '/big' => strlen($r->body) === 1048576 && $r->body === str_repeat('0123456789abcdef', 65536) ? '1 MiB intact' : 'BROKEN ' . strlen($r->body),
        '/echo' => $r->body === md5($body) . ' 300000' ? 'body arrived intact' : 'BROKEN ' . $r->body,
        '/file.bin' => $r->body === str_repeat("static\n", 300000) ? 'static file intact (' . $r->header('Content-Length') . ' bytes)' : 'BROKEN ' . strlen($r->body),
        '/stream' => json_encode($r->body) . ' ' . $r->header('Transfer-Encoding'),
        default => 'SSL_CLIENT_VERIFY=' . (preg_match('/SSL_CLIENT_VERIFY=(\S+)/', $r->body, $m) ? $m[1] : '?'),
    };
    echo "$p {$r->status} $summary\n";
}
$c->close();

echo "== refused without harm\n";
[$rc, , $err] = RrTest\curl(array_merge($ca, ['--tlsv1.1', '--tls-max', '1.1', "$https/info"]));
echo 'TLS 1.1 refused: ', var_export($rc !== 0, true), "\n";
[$rc, , $err] = RrTest\curl(["$https/info"]);
echo 'untrusted certificate refused by the client: ', var_export($rc === 60, true), "\n";
// Plain HTTP sent to the TLS port: the connection closes, nothing is answered in HTTP.
$p = new RrTest\Connection($s->tlsPort);
$p->send("GET /info HTTP/1.1\r\nHost: x\r\n\r\n");
$back = $p->readToClose(microtime(true) + 10);
echo 'plain HTTP on the TLS port: closed, no HTTP answer: ', var_export(!str_contains($back, 'HTTP/1.1'), true), "\n";
// A client that connects and never says hello does not hold anything up.
$idle = new RrTest\Connection($s->tlsPort);
[$rc, $out] = RrTest\curl(array_merge($ca, ["$https/big", '-o', '/dev/null', '-w', '%{http_code}']));
echo "still serving: $rc $out\n";
$idle->close();
var_dump($s->stop());
echo 'no error logged: ', var_export(!str_contains($s->log(), 'error'), true), "\n";
?>
--EXPECTF--
two listeners: true
== curl over TLS
rc=0
HTTPS=on
REQUEST_SCHEME=https
SERVER_PORT=TLSPORT
SSL_PROTOCOL=TLSv1.3
SSL_CLIENT_VERIFY=NONE
SSL_TLS_SNI=localhost
cipher set: true
== plain HTTP still served
HTTPS=(unset)
REQUEST_SCHEME=http
SERVER_PORT=%d
SSL_PROTOCOL=(unset)
SSL_CLIENT_VERIFY=(unset)
SSL_TLS_SNI=(unset)
cipher set: false
== one TLS connection, several requests (keep-alive)
/info 200 SSL_CLIENT_VERIFY=NONE
/big 200 1 MiB intact
/echo 200 body arrived intact
/file.bin 200 static file intact (2100000 bytes)
/stream 200 "part 0\npart 1\npart 2\n" chunked
== refused without harm
TLS 1.1 refused: true
untrusted certificate refused by the client: true
plain HTTP on the TLS port: closed, no HTTP answer: true
still serving: 0 200
int(0)
no error logged: true
