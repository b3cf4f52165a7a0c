--TEST--
getallheaders() / apache_request_headers() in worker and classic mode give the request's headers as php-fpm does; rr_worker_info() names the mode
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$code = <<<'PHP'
$h = getallheaders();
ksort($h);
echo json_encode(['headers' => $h, 'same' => apache_request_headers() === getallheaders(), 'mode' => rr_worker_info()['mode']]);
PHP;
$s = RrTest\Server::start("<?php\necho json_encode(getallheaders()), ' ', rr_worker_info()['mode'], \"\\n\";\nwhile (rr_handle_request(function () {\n$code\n})) {}\n");
$r = $s->request('POST', '/', ['X-Custom' => 'one', 'Accept' => 'text/html', 'Content-Type' => 'text/plain'], 'body');
echo 'worker: ', $r->body, "\n";
echo 'outside a request: ', var_export($s->waitLog('[] worker'), true), "\n";
var_dump($s->stop());

$s = RrTest\Server::prepare(['public/index.php' => "<?php\n$code\n"]);
$s->launch(['serve', '--root', $s->dir . '/public', '--listen', '127.0.0.1:0', '--workers', '1']);
$r = $s->request('GET', '/', ['X-Custom' => 'two']);
echo 'classic: ', $r->body, "\n";
var_dump($s->stop());
?>
--EXPECT--
worker: {"headers":{"Accept":"text\/html","Content-Length":"4","Content-Type":"text\/plain","Host":"localhost","X-Custom":"one"},"same":true,"mode":"worker"}
outside a request: true
int(0)
classic: {"headers":{"Host":"localhost","X-Custom":"two"},"same":true,"mode":"classic"}
int(0)
