--TEST--
TLS: a missing, unreadable, non-PEM or mismatched certificate or key, or a bad http.ssl setting, stops the start with one clear error naming the file or key; a client that never finishes its handshake is dropped after http.ssl.handshake_timeout
--EXTENSIONS--
posix
openssl
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::prepare(['worker.php' => "<?php\nwhile (rr_handle_request(function () { echo 'ok'; })) {}\n", 'certs/garbage.pem' => "not a certificate\n"]);
$d = $s->dir;
RrTest\make_certs("$d/certs");
$ssl = fn (array $o) => array_merge(['serve', "$d/worker.php", '--listen', '127.0.0.1:0', '--workers', '1',
    '-o', 'http.ssl.address=127.0.0.1:0'], ...array_map(fn ($k, $v) => ['-o', "http.ssl.$k=$v"], array_keys($o), $o));
$cases = [
    'missing cert' => ['cert' => "$d/certs/nope.crt", 'key' => "$d/certs/server.key"],
    'missing key' => ['cert' => "$d/certs/server.crt", 'key' => "$d/certs/nope.key"],
    'cert not PEM' => ['cert' => "$d/certs/garbage.pem", 'key' => "$d/certs/server.key"],
    'key not PEM' => ['cert' => "$d/certs/server.crt", 'key' => "$d/certs/garbage.pem"],
    'key of another cert' => ['cert' => "$d/certs/server.crt", 'key' => "$d/certs/client.key"],
    'root_ca missing' => ['cert' => "$d/certs/server.crt", 'key' => "$d/certs/server.key", 'root_ca' => "$d/certs/nope.crt"],
    'root_ca not PEM' => ['cert' => "$d/certs/server.crt", 'key' => "$d/certs/server.key", 'root_ca' => "$d/certs/garbage.pem"],
    'no key' => ['cert' => "$d/certs/server.crt"],
    'bad client_auth_type' => ['cert' => "$d/certs/server.crt", 'key' => "$d/certs/server.key", 'client_auth_type' => 'sometimes'],
    'acme' => ['cert' => "$d/certs/server.crt", 'key' => "$d/certs/server.key", 'acme.email' => 'a@b.c'],
];
foreach ($cases as $what => $o) {
    [$code, $out, $err] = RrTest\run($ssl($o));
    $lines = array_values(array_filter(explode("\n", str_replace($d, 'DIR', $err . $out)), fn ($l) => str_contains($l, 'error')));
    printf("%-22s exit %d: %s\n", $what, $code, count($lines) === 1 ? preg_replace('/^.*?error:? /', '', $lines[0]) : 'LINES: ' . json_encode($lines));
}
// A port in use on the https side is named as such.
$busy = stream_socket_server('tcp://127.0.0.1:0');
$port = (int)substr(strrchr(stream_socket_get_name($busy, false), ':'), 1);
[$code, , $err] = RrTest\run(array_merge($ssl(['cert' => "$d/certs/server.crt", 'key' => "$d/certs/server.key"]), ['-o', "http.ssl.address=127.0.0.1:$port"]));
echo "https port in use: exit $code, ", str_contains($err, "cannot listen on 127.0.0.1:$port: Address already in use (http.ssl.address)") ? 'named' : $err, "\n";

// Handshake timeout: a silent client is dropped, a slow-but-finishing one is not the server's problem.
$s->launch(array_merge($ssl(['cert' => "certs/server.crt", 'key' => "certs/server.key", 'handshake_timeout' => '1s'])),
    null, '#serving http://127\.0\.0\.1:(\d+) and https#');
$silent = new RrTest\Connection($s->tlsPort);
$t0 = microtime(true);
$closed = $silent->closedByServer(8.0);
printf("silent client dropped: %s after about 1s: %s\n", var_export($closed, true), var_export(microtime(true) - $t0 > 0.8 && microtime(true) - $t0 < 5, true));
$c = $s->connectTls();
echo 'a real client meanwhile: ', $c->request('GET', '/')->body, "\n";
var_dump($s->stop());
?>
--EXPECTF--
missing cert           exit 1: http.ssl.cert: cannot read 'DIR/certs/nope.crt': No such file or directory
missing key            exit 1: http.ssl.key: cannot read 'DIR/certs/nope.key': No such file or directory
cert not PEM           exit 1: http.ssl.cert: 'DIR/certs/garbage.pem' is not a PEM certificate: %s
key not PEM            exit 1: http.ssl.key: 'DIR/certs/garbage.pem' is not a PEM private key (or it is encrypted): %s
key of another cert    exit 1: http.ssl.key: 'DIR/certs/client.key' does not match the certificate 'DIR/certs/server.crt': %s
root_ca missing        exit 1: http.ssl.root_ca: cannot read 'DIR/certs/nope.crt': No such file or directory
root_ca not PEM        exit 1: http.ssl.root_ca: 'DIR/certs/garbage.pem' holds no PEM certificate: %s
no key                 exit 1: http.ssl: both cert and key are required (PEM files), e.g. cert: /etc/ssl/server.crt, key: /etc/ssl/server.key
bad client_auth_type   exit 1: http.ssl.client_auth_type: 'sometimes' is not allowed: expected no_client_certs, request_client_cert, require_any_client_cert, verify_client_cert_if_given or require_and_verify_client_cert
acme                   exit 1: http.ssl.acme: automatic certificates are not supported by rr-php yet: give http.ssl.cert and http.ssl.key
https port in use: exit 1, named
silent client dropped: true after about 1s: true
a real client meanwhile: ok
int(0)
