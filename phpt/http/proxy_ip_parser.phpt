--TEST--
proxy_ip_parser: behind a trusted proxy REMOTE_ADDR (embed) and remoteAddr (goridge) come from the forwarding headers; without the middleware or from an untrusted peer they do not; other middleware names are warned about
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = "<?php\nwhile (rr_handle_request(function () { echo \$_SERVER['REMOTE_ADDR']; })) {}\n";
$yaml = fn (string $extra) => "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n$extra  pool:\n    num_workers: 1\n";
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml("  middleware: [proxy_ip_parser, http_metrics]\n")], ['serve']);
echo 'XFF: ', $s->get('/', ['X-Forwarded-For' => '203.0.113.9, 127.0.0.5'])->body, "\n";
echo 'X-Real-IP: ', $s->get('/', ['X-Real-IP' => '198.51.100.1'])->body, "\n";
echo 'Forwarded: ', $s->get('/', ['Forwarded' => 'for="[2001:db8::7]:1234"'])->body, "\n";
echo 'none: ', $s->get('/')->body, "\n";
echo 'http_metrics warned: ', var_export(str_contains($s->log(), "http.middleware: 'http_metrics' needs the metrics section (metrics.address) to expose what it counts; ignored"), true), "\n";
$s->stop();

// The peer (127.0.0.1) is not trusted here: the headers are ignored.
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml("  middleware: [proxy_ip_parser]\n  trusted_subnets: [10.0.0.0/8]\n")], ['serve']);
echo 'untrusted peer: ', $s->get('/', ['X-Forwarded-For' => '203.0.113.9'])->body, "\n";
$s->stop();

// Without the middleware nothing changes.
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml('')], ['serve']);
echo 'no middleware: ', $s->get('/', ['X-Forwarded-For' => '203.0.113.9'])->body, "\n";
$s->stop();

// A goridge worker gets it as remoteAddr.
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$stock = "<?php\nrequire '$lib';\n\$w = RrTest\\Goridge\\Worker::fromEnvironment();\nwhile ((\$r = \$w->waitRequest()) !== null) { \$w->respond(200, [], \$r['ctx']['remoteAddr']); }\n";
$s = RrTest\Server::startWith(['worker.php' => $stock, '.rr.yaml' => $yaml("  middleware: [proxy_ip_parser]\n")], ['serve']);
echo 'goridge: ', $s->get('/', ['X-Forwarded-For' => '203.0.113.9'])->body, "\n";
$s->stop();

$dir = sys_get_temp_dir() . '/rr-phpt-subnets-' . getmypid();
@mkdir($dir);
file_put_contents("$dir/worker.php", $worker);
file_put_contents("$dir/.rr.yaml", $yaml("  trusted_subnets: [10.0.0.0/33]\n"));
[$code, $out, $err] = RrTest\run(['serve', '-c', "$dir/.rr.yaml"]);
echo "bad subnet: exit $code, ", trim($err), "\n";
unlink("$dir/worker.php");
unlink("$dir/.rr.yaml");
rmdir($dir);
?>
--EXPECT--
XFF: 203.0.113.9
X-Real-IP: 198.51.100.1
Forwarded: 2001:db8::7
none: 127.0.0.1
http_metrics warned: true
untrusted peer: 127.0.0.1
no middleware: 127.0.0.1
goridge: 203.0.113.9
bad subnet: exit 1, rr-php: error: http.trusted_subnets: '10.0.0.0/33' is not a subnet: expected CIDR such as 10.0.0.0/8 or fc00::/7
