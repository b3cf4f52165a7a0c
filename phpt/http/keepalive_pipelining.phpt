--TEST--
HTTP/1.1: keep-alive reuses the connection; pipelined requests are answered in order
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    if (isset($_GET['sleep'])) {
        usleep((int)$_GET['sleep']);
    }
    echo $_SERVER['REQUEST_URI'];
})) {}
PHP, 2);
$c = $s->connect();
foreach (['/a', '/b', '/c'] as $p) {
    echo $c->request('GET', $p)->body, "\n";
}
// Five requests written at once; the first is slow, the answers must still come in order.
$batch = '';
foreach (['/1?sleep=200000', '/2', '/3?sleep=50000', '/4', '/5'] as $p) {
    $batch .= RrTest\build_request('GET', $p);
}
$batch .= RrTest\build_request('POST', '/6', ['Content-Type' => 'text/plain'], 'body of six');
$c->send($batch);
for ($i = 0; $i < 6; $i++) {
    $r = $c->read();
    echo $r->status, ' ', $r->body, "\n";
}
echo $c->closedByServer(0.3) ? "closed\n" : "still open\n";
$s->stop();
?>
--EXPECT--
/a
/b
/c
200 /1?sleep=200000
200 /2
200 /3?sleep=50000
200 /4
200 /5
200 /6
still open
