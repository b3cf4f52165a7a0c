--TEST--
Worker mode: php://input holds the raw body for POST, PUT and PATCH, byte for byte
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    $in = file_get_contents('php://input');
    echo $_SERVER['REQUEST_METHOD'], ' ', strlen($in), ' ', md5($in), ' ', md5(file_get_contents('php://input'));
})) {}
PHP);
$json = json_encode(['a' => 1, 'nested' => ['x' => str_repeat('y', 100000)]]);
foreach (['POST', 'PUT', 'PATCH'] as $m) {
    $r = $s->request($m, '/', ['Content-Type' => 'application/json'], $json);
    echo $r->body === "$m " . strlen($json) . ' ' . md5($json) . ' ' . md5($json) ? "$m ok\n" : "$m wrong: {$r->body}\n";
}
$bin = random_bytes(70000);
$r = $s->request('POST', '/', ['Content-Type' => 'application/octet-stream'], $bin);
echo $r->body === 'POST 70000 ' . md5($bin) . ' ' . md5($bin) ? "binary ok\n" : "binary wrong\n";
$s->stop();
?>
--EXPECT--
POST ok
PUT ok
PATCH ok
binary ok
