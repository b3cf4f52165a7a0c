--TEST--
Responses of unknown length: flush() streams chunked to HTTP/1.1 clients, close-delimited to HTTP/1.0
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    header('Content-Type: text/event-stream');
    for ($i = 1; $i <= 3; $i++) {
        echo "data: event $i\n\n";
        flush();
        usleep(50000);
    }
    echo "data: done\n\n";
})) {}
PHP, 1, ['-d', 'output_buffering=0']);
$c = $s->connect();
$c->send(RrTest\build_request('GET', '/events'));
$t0 = microtime(true);
$r = $c->read();
var_dump($r->status, $r->chunked, $r->header('Content-Length'), $r->header('Content-Type'), $r->body);
// The connection is still usable afterwards.
var_dump($c->request('GET', '/again')->status);
$c->close();
$c = $s->connect();
$c->send(RrTest\build_request('GET', '/old', [], '', 'HTTP/1.0'));
$r = $c->read();
var_dump($r->protocol, $r->chunked, $r->header('Content-Length'), $r->body === "data: event 1\n\ndata: event 2\n\ndata: event 3\n\ndata: done\n\n");
$s->stop();
?>
--EXPECT--
int(200)
bool(true)
NULL
string(31) "text/event-stream;charset=UTF-8"
string(57) "data: event 1

data: event 2

data: event 3

data: done

"
int(200)
string(8) "HTTP/1.0"
bool(false)
NULL
bool(true)
