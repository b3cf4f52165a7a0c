--TEST--
Direct dispatch: flush() streams a chunked response, headers_send(103) sends Early Hints first, rr_finish_request() completes the response while the script goes on, a client that leaves a stream is seen by connection_aborted()
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    switch ($_SERVER['REQUEST_URI']) {
    case '/stream':
        header('Link: </style.css>; rel=preload');
        headers_send(103);
        header_remove('Link');
        header('X-Final: yes');
        for ($i = 0; $i < 3; $i++) {
            echo "part$i;";
            flush();
        }
        break;
    case '/finish':
        echo 'done early';
        rr_finish_request();
        usleep(300000);
        file_put_contents(sys_get_temp_dir() . '/rr-direct-finish-' . getmypid(), 'after');
        break;
    case '/leave':
        ignore_user_abort(true);
        for ($i = 0; $i < 200 && !connection_aborted(); $i++) {
            echo str_repeat('x', 1000);
            flush();
            usleep(20000);
        }
        fwrite(STDERR, 'aborted=' . (connection_aborted() ? 'yes' : 'no') . " after $i\n");
        break;
    default:
        echo getmypid();
    }
})) {}
PHP, 1, ['-o', 'http.pool.dispatch=direct']);
$c = $s->connect();
$r = $c->request('GET', '/stream');
var_dump($r->status, $r->chunked, $r->body, count($r->interim), $r->interim[0]->status ?? null,
    $r->interim[0]->headers['link'][0] ?? null, $r->headers['x-final'][0] ?? null);
// The same connection goes on after a streamed response.
$pid = $c->request('GET', '/')->body;
$t = microtime(true);
$r = $c->request('GET', '/finish');
var_dump($r->body, microtime(true) - $t < 0.25);
// The next request waits for the script to end (one request at a time per worker).
var_dump($c->request('GET', '/')->body === $pid);
var_dump(file_get_contents(sys_get_temp_dir() . '/rr-direct-finish-' . $pid));
@unlink(sys_get_temp_dir() . '/rr-direct-finish-' . $pid);
$c->close();
// A client that leaves mid-stream.
$c = $s->connect();
$c->send("GET /leave HTTP/1.1\r\nHost: x\r\n\r\n");
fread($c->sock, 100);
$c->close();
var_dump($s->waitLog('aborted=yes'));
var_dump($s->get('/')->status);
var_dump($s->stop());
?>
--EXPECT--
int(200)
bool(true)
string(18) "part0;part1;part2;"
int(1)
int(103)
string(25) "</style.css>; rel=preload"
string(3) "yes"
string(10) "done early"
bool(true)
bool(true)
string(5) "after"
bool(true)
int(200)
int(0)
