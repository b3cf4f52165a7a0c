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
echo $r->body, "\n";
$chunks = ['hello ', 'chunked', ' world'];
$raw = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n";
foreach ($chunks as $i => $ch) {
    $raw .= dechex(strlen($ch)) . ($i === 1 ? ";ext=1" : "") . "\r\n$ch\r\n";
}
$raw .= "0\r\nX-Trailer: t\r\n\r\n";
$c->send($raw);
echo $c->read()->body, ' expected ', strlen('hello chunked world'), ':', md5('hello chunked world'), "\n";
$c->send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n6\r\nfield=\r\n5\r\nvalue\r\n0\r\n\r\n");
echo $c->read()->body, "\n";
$s->stop();
?>
--EXPECTF--
12:%s:-
19:%s expected 19:%s
11:%s:value
