--TEST--
TLS: http.ssl.client_auth_type, each of RoadRunner's five policies against no client certificate, one from the trusted CA (root_ca) and one from another CA; SSL_CLIENT_VERIFY and the certificate's names in $_SERVER
--EXTENSIONS--
posix
openssl
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = <<<'PHP'
<?php
while (rr_handle_request(function () {
    echo $_SERVER['SSL_CLIENT_VERIFY'], ' ', $_SERVER['SSL_CLIENT_S_DN'] ?? '-', ' ', $_SERVER['SSL_CLIENT_I_DN'] ?? '-',
        ' serial:', preg_match('/^[0-9A-F]+$/', $_SERVER['SSL_CLIENT_M_SERIAL'] ?? '') ? 'hex' : '-',
        ' pem:', str_starts_with($_SERVER['SSL_CLIENT_CERT'] ?? '', '-----BEGIN CERTIFICATE-----') ? 'yes' : 'no',
        ' until:', isset($_SERVER['SSL_CLIENT_V_END']) && strtotime($_SERVER['SSL_CLIENT_V_END']) > time() ? 'future' : '-';
})) {}
PHP;
$s = RrTest\Server::prepare(['worker.php' => $worker]);
RrTest\make_certs($s->dir . '/certs');
$certs = $s->dir . '/certs';
foreach (['no_client_certs', 'request_client_cert', 'require_any_client_cert', 'verify_client_cert_if_given',
          'require_and_verify_client_cert'] as $mode) {
    file_put_contents($s->dir . '/server.log', '');
    $s->launch(['serve', 'worker.php', '--workers', '1',
        '-o', 'http.address=""', '-o', 'http.ssl.address=127.0.0.1:0', '-o', 'http.ssl.cert=certs/server.crt',
        '-o', 'http.ssl.key=certs/server.key', '-o', 'http.ssl.root_ca=certs/ca.crt', '-o', "http.ssl.client_auth_type=$mode"],
        null, '#serving https://127\.0\.0\.1:(\d+) with#');
    echo "== $mode\n";
    foreach (['no certificate' => [], 'trusted CA' => ['--cert', "$certs/client.crt", '--key', "$certs/client.key"],
              'other CA' => ['--cert', "$certs/stranger.crt", '--key', "$certs/stranger.key"]] as $who => $args) {
        [$rc, $out] = RrTest\curl(array_merge(['--cacert', "$certs/ca.crt"], $args, ["https://localhost:{$s->tlsPort}/"]));
        printf("%-15s %s\n", $who, $rc === 0 ? $out : 'handshake refused');
    }
    var_dump($s->stop());
}
?>
--EXPECTF--
== no_client_certs
no certificate  NONE - - serial:- pem:no until:-
trusted CA      NONE - - serial:- pem:no until:-
other CA        NONE - - serial:- pem:no until:-
int(0)
== request_client_cert
no certificate  NONE - - serial:- pem:no until:-
trusted CA      SUCCESS CN=alice,O=Example CN=rr-php test CA serial:hex pem:yes until:future
other CA        FAILED:%s CN=mallory CN=another CA serial:hex pem:yes until:future
int(0)
== require_any_client_cert
no certificate  handshake refused
trusted CA      SUCCESS CN=alice,O=Example CN=rr-php test CA serial:hex pem:yes until:future
other CA        FAILED:%s CN=mallory CN=another CA serial:hex pem:yes until:future
int(0)
== verify_client_cert_if_given
no certificate  NONE - - serial:- pem:no until:-
trusted CA      SUCCESS CN=alice,O=Example CN=rr-php test CA serial:hex pem:yes until:future
other CA        handshake refused
int(0)
== require_and_verify_client_cert
no certificate  handshake refused
trusted CA      SUCCESS CN=alice,O=Example CN=rr-php test CA serial:hex pem:yes until:future
other CA        handshake refused
int(0)
