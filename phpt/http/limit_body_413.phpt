--TEST--
Limits: a body over http.max_request_size gets 413 before PHP runs, declared or chunked; just under passes
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    file_put_contents(__DIR__ . '/seen', $_SERVER['REQUEST_URI'] . "\n", FILE_APPEND);
    echo strlen(file_get_contents('php://input'));
})) {}
PHP, 1, ['-o', 'http.max_request_size=1']);
$mb = 1024 * 1024;
$r = $s->request('POST', '/under', ['Content-Type' => 'application/octet-stream'], str_repeat('x', $mb));
var_dump($r->status, $r->body);
$c = $s->connect();
$c->send("POST /declared HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: " . ($mb + 1) . "\r\n\r\n");
$r = $c->read();
var_dump($r->status, $r->header('Connection'), $c->closedByServer());
$c = $s->connect();
$c->send("POST /chunked HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
$chunk = str_repeat('y', 65536);
$r = null;
try {
    for ($i = 0; $i < 20; $i++) {
        $c->send(dechex(strlen($chunk)) . "\r\n$chunk\r\n");
    }
} catch (RuntimeException $e) {
    // the server may close while we are still sending
}
$r = $c->read();
var_dump($r->status);
var_dump(file_get_contents($s->dir . '/seen'));
$s->stop();
?>
--EXPECT--
int(200)
string(7) "1048576"
int(413)
string(5) "close"
bool(true)
int(413)
string(7) "/under
"
