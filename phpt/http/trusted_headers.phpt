--TEST--
http.trusted_headers: only the listed forwarding headers are believed, in the listed order (RoadRunner's TestTrustedHeadersAllowlist); unknown names are warned about
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = "<?php\nwhile (rr_handle_request(function () { echo \$_SERVER['REMOTE_ADDR']; })) {}\n";
$yaml = fn (string $extra) => "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  middleware: [proxy_ip_parser]\n$extra  pool:\n    num_workers: 1\n";
$spoof = ['X-Forwarded-For' => '5.6.7.8', 'Forwarded' => 'for=9.9.9.9'];
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml("  trusted_headers: [X-Real-Ip]\n")], ['serve']);
echo 'XFF and Forwarded only: ', $s->get('/', $spoof)->body, "\n";
echo 'with X-Real-Ip: ', $s->get('/', $spoof + ['X-Real-Ip' => '1.2.3.4'])->body, "\n";
echo 'warning gone: ', var_export(!str_contains($s->log(), 'trusted_headers'), true), "\n";
var_dump($s->stop());

$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml("  trusted_headers: [' ', cf-connecting-ip, X-Forwarded-For, X-Client-Ip]\n")], ['serve']);
echo 'order: ', $s->get('/', $spoof + ['CF-Connecting-IP' => '2.2.2.2'])->body, "\n";
echo 'next in order: ', $s->get('/', $spoof)->body, "\n";
echo 'unknown name warned: ', var_export($s->waitLog("http.trusted_headers: 'X-Client-Ip' is not a forwarding header"), true), "\n";
var_dump($s->stop());
?>
--EXPECT--
XFF and Forwarded only: 127.0.0.1
with X-Real-Ip: 1.2.3.4
warning gone: true
int(0)
order: 2.2.2.2
next in order: 5.6.7.8
unknown name warned: true
int(0)
