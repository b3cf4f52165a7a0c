--TEST--
TLS: http.ssl.redirect answers plain HTTP with 308 to the same path and query on the https port (PHP never sees it: the 308 bodies are the server's); a client that follows it is served over TLS
--EXTENSIONS--
posix
openssl
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::prepare(['worker.php' => <<<'PHP'
<?php
while (rr_handle_request(function () { echo $_SERVER['REQUEST_SCHEME'], ' ', $_SERVER['REQUEST_METHOD'], ' ', $_SERVER['REQUEST_URI'], ' ', file_get_contents('php://input'); })) {}
PHP]);
RrTest\make_certs($s->dir . '/certs');
$s->launch(['serve', 'worker.php', '--listen', '127.0.0.1:0', '--workers', '1', '-o', 'http.ssl.address=127.0.0.1:0',
    '-o', 'http.ssl.redirect=true', '-o', 'http.ssl.cert=certs/server.crt', '-o', 'http.ssl.key=certs/server.key'],
    null, '#serving http://127\.0\.0\.1:(\d+) \(redirected to https\) and https://127\.0\.0\.1:\d+#');
$fix = fn ($t) => str_replace([(string)$s->tlsPort, (string)$s->port], ['TLSPORT', 'PORT'], $t);
foreach ([['GET', '/a/b?x=1&y=%20', ['Host' => 'localhost:' . $s->port]],
          ['POST', '/form', ['Host' => 'localhost']],
          ['GET', '/', ['Host' => '[::1]:8080']],
          ['GET', '/evil', ['Host' => "bad host/x"]],
          ['HEAD', '/h', ['Host' => 'localhost']]] as [$m, $p, $h]) {
    $c = $s->connect();
    $r = $c->request($m, $p, $h, $m === 'POST' ? 'data' : '');
    $c->close();
    echo $fix("$m $p -> {$r->status} {$r->header('Location')} body:" . strlen($r->body)), "\n";
}
// HTTP/1.0 and keep-alive: the connection stays usable for the next redirect.
$c = $s->connect();
$a = $c->request('GET', '/one', ['Host' => 'localhost']);
$b = $c->request('GET', '/two', ['Host' => 'localhost']);
$c->close();
echo $fix("keep-alive: {$a->status} {$a->header('Location')}, {$b->status} {$b->header('Location')}"), "\n";
[$rc, $out] = RrTest\curl(['-L', '--cacert', $s->dir . '/certs/ca.crt', "http://localhost:{$s->port}/follow?q=1"]);
echo "curl -L: rc=$rc $out\n";
[$rc, $out] = RrTest\curl(['-L', '--cacert', $s->dir . '/certs/ca.crt', '-d', 'posted', "http://localhost:{$s->port}/post"]);
echo "curl -L POST (308 keeps the method and body): rc=$rc $out\n";
var_dump($s->stop());
?>
--EXPECTF--
GET /a/b?x=1&y=%20 -> 308 https://localhost:TLSPORT/a/b?x=1&y=%20 body:%d
POST /form -> 308 https://localhost:TLSPORT/form body:%d
GET / -> 308 https://[::1]:TLSPORT/ body:%d
GET /evil -> 308 https://127.0.0.1:TLSPORT/evil body:%d
HEAD /h -> 308 https://localhost:TLSPORT/h body:0
keep-alive: 308 https://localhost:TLSPORT/one, 308 https://localhost:TLSPORT/two
curl -L: rc=0 https GET /follow?q=1 
curl -L POST (308 keeps the method and body): rc=0 https POST /post posted
int(0)
