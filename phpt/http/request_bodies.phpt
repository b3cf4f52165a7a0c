--TEST--
Request bodies: Content-Length and chunked (with extensions and trailers) reach PHP intact
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    $in = file_get_contents('php://input');
    echo strlen($in), ':', $in === '' ? '' : md5($in), ':', $_POST['field'] ?? '-';
})) {}
PHP);
$c = $s->connect();
$r = $c->request('POST', '/', ['Content-Type' => 'application/octet-stream'], 'exactly this');
echo $r->body === '12:' . md5('exactly this') . ':-' ? 'content-length body intact' : "wrong: {$r->body}", "\n";
$chunks = ['hello ', 'chunked', ' world'];
$raw = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n";
foreach ($chunks as $i => $ch) {
    $raw .= dechex(strlen($ch)) . ($i === 1 ? ";ext=1" : "") . "\r\n$ch\r\n";
}
$raw .= "0\r\nX-Trailer: t\r\n\r\n";
$c->send($raw);
$got = $c->read()->body;
echo $got === '19:' . md5('hello chunked world') . ':-' ? 'chunked body intact' : "wrong: $got", "\n";
$c->send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n6\r\nfield=\r\n5\r\nvalue\r\n0\r\n\r\n");
$got = $c->read()->body;
echo $got === '11:' . md5('field=value') . ':value' ? 'chunked form parsed' : "wrong: $got", "\n";
var_dump($s->stop());
?>
--EXPECT--
content-length body intact
chunked body intact
chunked form parsed
int(0)
