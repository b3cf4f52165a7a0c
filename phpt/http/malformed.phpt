--TEST--
Bad input: malformed requests and ambiguous framing get 400 and a closed connection; PHP never sees them; the server goes on
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () { file_put_contents(__DIR__ . '/seen', "x", FILE_APPEND); echo 'ok'; })) {}
PHP);
$cases = [
    'garbage'            => "THIS IS NOT HTTP\r\n\r\n",
    'binary'             => "\x00\x01\x02\x03\r\n\r\n",
    'bad version'        => "GET / HTTP/9\r\nHost: x\r\n\r\n",
    'space in header'    => "GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n",
    'no host (1.1)'      => "GET / HTTP/1.1\r\n\r\n",
    'bad chunk size'     => "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nhello\r\n0\r\n\r\n",
    'CL and TE'          => "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    'two CLs'            => "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
    'bad CL'             => "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5x\r\n\r\nhello",
    'TE not chunked'     => "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nhello",
    'bare LF in header'  => "GET / HTTP/1.1\r\nHost: x\r\nX: a\nb\r\n\r\n",
];
foreach ($cases as $name => $bytes) {
    $c = $s->connect();
    $c->send($bytes);
    try {
        $r = $c->read();
        printf("%-18s %d %s %s\n", $name, $r->status, $r->header('Connection'), $c->closedByServer() ? 'closed' : 'open');
    } catch (RuntimeException $e) {
        printf("%-18s no response: %s\n", $name, $e->getMessage());
    }
}
var_dump(file_exists($s->dir . '/seen'));
var_dump($s->get('/')->body);
$s->stop();
?>
--EXPECT--
garbage            400 close closed
binary             400 close closed
bad version        400 close closed
space in header    400 close closed
no host (1.1)      400 close closed
bad chunk size     400 close closed
CL and TE          400 close closed
two CLs            400 close closed
bad CL             400 close closed
TE not chunked     400 close closed
bare LF in header  400 close closed
bool(false)
string(2) "ok"
