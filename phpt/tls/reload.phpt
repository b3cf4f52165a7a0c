--TEST--
TLS: SIGHUP reads the certificate and key again; new connections get the renewed certificate, an open keep-alive connection goes on with its own; a broken renewal keeps the current certificate
--EXTENSIONS--
posix
openssl
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::prepare(['worker.php' => "<?php\nwhile (rr_handle_request(function () { echo 'ok'; })) {}\n"]);
$certs = $s->dir . '/certs';
RrTest\make_certs($certs, 'first');
file_put_contents($s->dir . '/.rr.yaml', <<<YAML
version: '3'
server:
  command: php worker.php
http:
  address: 127.0.0.1:0
  ssl:
    address: 127.0.0.1:0
    cert: certs/server.crt
    key: certs/server.key
  pool:
    num_workers: 1
YAML);
$s->launch(['serve'], null, '#serving http://127\.0\.0\.1:(\d+) and https#');
$cn = function () use ($s): string {
    $c = $s->connectTls(['capture_peer_cert' => true]);
    $r = $c->request('GET', '/');
    $cert = stream_context_get_params($c->sock)['options']['ssl']['peer_certificate'];
    $c->close();
    return openssl_x509_parse($cert)['subject']['CN'] . ' ' . $r->body;
};
echo 'before: ', $cn(), "\n";
$open = $s->connectTls();
echo 'open connection: ', $open->request('GET', '/')->body, "\n";

RrTest\make_certs($certs, 'renewed');
posix_kill($s->pid, SIGHUP);
echo 'reloaded: ', var_export($s->waitLog('TLS certificate certs/server.crt loaded'), true), "\n";
echo 'new connection: ', $cn(), "\n";
echo 'the open connection goes on: ', $open->request('GET', '/')->body, "\n";

file_put_contents("$certs/server.key", "broken\n");
posix_kill($s->pid, SIGHUP);
echo 'broken renewal refused: ', var_export($s->waitLog('TLS keeps its current certificate'), true), "\n";
echo 'still: ', $cn(), "\n";
$open->close();
var_dump($s->stop());
?>
--EXPECT--
before: first ok
open connection: ok
reloaded: true
new connection: renewed ok
the open connection goes on: ok
broken renewal refused: true
still: renewed ok
int(0)
