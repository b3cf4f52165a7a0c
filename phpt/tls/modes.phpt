--TEST--
TLS: every mode answers over https: an exec'd goridge worker (https:// uri, SSL_* attributes, protobuf too), classic mode (HTTPS=on and SSL_* as php-fpm behind nginx with mod_ssl-style params; static files from the root)
--EXTENSIONS--
posix
openssl
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$worker = <<<PHP
<?php
require '$lib';
\$w = RrTest\Goridge\Worker::fromEnvironment();
while ((\$req = \$w->waitRequest()) !== null) {
    \$c = \$req['ctx'];
    \$a = \$c['attributes'] ?? [];
    \$w->respond(200, [], \$c['uri'] . ' protocol=' . (\$a['SSL_PROTOCOL'][0] ?? '-') . ' verify=' . (\$a['SSL_CLIENT_VERIFY'][0] ?? '-') . ' body=' . \$req['body']);
}
PHP;
foreach (['json', 'proto'] as $codec) {
    $yaml = "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  ssl:\n    address: 127.0.0.1:0\n"
        . "    cert: certs/server.crt\n    key: certs/server.key\n  pool:\n    num_workers: 1\n    codec: $codec\n";
    $s = RrTest\Server::prepare(['worker.php' => $worker, '.rr.yaml' => $yaml]);
    RrTest\make_certs($s->dir . '/certs');
    $s->launch(['serve'], null, '#serving http://127\.0\.0\.1:(\d+) and https#');
    $c = $s->connectTls();
    $r = $c->request('POST', '/g?x=1', ['Host' => 'localhost', 'Content-Type' => 'text/plain'], 'hello');
    echo "goridge ($codec): {$r->status} ", str_replace((string)$s->tlsPort, 'TLSPORT', $r->body), "\n";
    echo "goridge ($codec) plain: ", str_replace((string)$s->port, 'PORT', $s->get('/p')->body), "\n";
    $c->close();
    var_dump($s->stop());
}

$s = RrTest\Server::prepare(['public/index.php' => '<?php foreach (["HTTPS", "REQUEST_SCHEME", "SSL_PROTOCOL", "SSL_CLIENT_VERIFY", "SSL_CLIENT_S_DN"] as $k) echo $k, "=", $_SERVER[$k] ?? "-", " ";',
    'public/style.css' => str_repeat("body{}\n", 50000)]);
RrTest\make_certs($s->dir . '/certs');
$s->launch(['serve', '--root', 'public', '--workers', '1', '--listen', '127.0.0.1:0', '-o', 'http.ssl.address=127.0.0.1:0',
    '-o', 'http.ssl.cert=certs/server.crt', '-o', 'http.ssl.key=certs/server.key', '-o', 'http.ssl.root_ca=certs/ca.crt',
    '-o', 'http.ssl.client_auth_type=verify_client_cert_if_given'], null, '#serving http://127\.0\.0\.1:(\d+) and https#');
$certs = $s->dir . '/certs';
[$rc, $out] = RrTest\curl(['--cacert', "$certs/ca.crt", '--cert', "$certs/client.crt", '--key', "$certs/client.key", "https://localhost:{$s->tlsPort}/"]);
echo "classic: rc=$rc $out\n";
[$rc, $out] = RrTest\curl(['--cacert', "$certs/ca.crt", "https://localhost:{$s->tlsPort}/style.css"]);
echo 'classic static file over TLS: ', $rc === 0 && $out === str_repeat("body{}\n", 50000) ? 'intact' : "rc=$rc " . strlen($out), "\n";
var_dump($s->stop());
?>
--EXPECT--
goridge (json): 200 https://localhost/g?x=1 protocol=TLSv1.3 verify=NONE body=hello
goridge (json) plain: http://localhost/p protocol=- verify=- body=
int(0)
goridge (proto): 200 https://localhost/g?x=1 protocol=TLSv1.3 verify=NONE body=hello
goridge (proto) plain: http://localhost/p protocol=- verify=- body=
int(0)
classic: rc=0 HTTPS=on REQUEST_SCHEME=https SSL_PROTOCOL=TLSv1.3 SSL_CLIENT_VERIFY=SUCCESS SSL_CLIENT_S_DN=CN=alice,O=Example 
classic static file over TLS: intact
int(0)
