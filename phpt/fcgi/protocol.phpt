--TEST--
FastCGI front (http.fcgi.address), protocol: the params become the request and $_SERVER, keep-alive connections serve request after request, FCGI_GET_VALUES says one request at a time, a second request on a busy connection is refused with FCGI_CANT_MPX_CONN, FCGI_ABORT_REQUEST reaches the script as connection_aborted(), an unknown role, oversized params and bodies, and garbage are refused without harm
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
require __DIR__ . '/../../tests/php/fcgi.php';
use RrTest\Fcgi;
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    $p = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
    if ($p === '/slow') { usleep(500000); echo 'slow done'; return; }
    if ($p === '/ticks') {
        ignore_user_abort(true);
        $end = microtime(true) + 5;
        for ($i = 0; microtime(true) < $end; $i++) {
            echo "tick $i\n"; flush();
            if (connection_aborted()) { file_put_contents(__DIR__ . '/aborted.txt', 'connection_aborted() after FCGI_ABORT_REQUEST'); return; }
            usleep(20000);
        }
        return;
    }
    if ($p === '/post') { echo $_SERVER['CONTENT_TYPE'], ' ', $_POST['a'] ?? '-', ' ', $_SERVER['CONTENT_LENGTH']; return; }
    http_response_code($p === '/missing' ? 404 : 200);
    header('X-Multi: one'); header('X-Multi: two', false);
    foreach (['REQUEST_METHOD', 'REQUEST_URI', 'QUERY_STRING', 'SCRIPT_NAME', 'DOCUMENT_ROOT', 'REMOTE_ADDR', 'REMOTE_PORT', 'SERVER_PORT', 'HTTPS', 'REQUEST_SCHEME', 'HTTP_HOST', 'HTTP_X_CUSTOM', 'SERVER_SOFTWARE', 'HTTP_PROXY'] as $k) {
        echo $k, '=', $_SERVER[$k] ?? '-', "\n";
    }
    echo 'get=', json_encode($_GET), ' cookie=', json_encode($_COOKIE), ' pid=', getmypid(), "\n";
})) {}
PHP, 1, ['-o', 'http.fcgi.address=tcp://127.0.0.1:0', '-d', 'output_buffering=0', '-o', 'http.max_request_size=1']);
preg_match('#fastcgi://127\.0\.0\.1:(\d+)#', $s->log(), $m);
$port = (int)$m[1];
$params = ['REQUEST_METHOD' => 'GET', 'REQUEST_URI' => '/app/page?x=1&y=2', 'QUERY_STRING' => 'x=1&y=2', 'SCRIPT_NAME' => '/index.php',
    'DOCUMENT_ROOT' => '/srv/www', 'REMOTE_ADDR' => '203.0.113.7', 'REMOTE_PORT' => '51234', 'SERVER_ADDR' => '10.0.0.1', 'SERVER_PORT' => '443',
    'SERVER_NAME' => 'example.com', 'SERVER_PROTOCOL' => 'HTTP/1.1', 'HTTPS' => 'on', 'SERVER_SOFTWARE' => 'nginx/1.22.1',
    'HTTP_HOST' => 'example.com', 'HTTP_X_CUSTOM' => 'hi', 'HTTP_COOKIE' => 'a=1; b=2', 'HTTP_PROXY' => 'http://evil:1'];

$c = new Fcgi\Client($port);
$c->send(Fcgi\request(1, $params));
$r = $c->response(1);
[$status, $headers, $body] = Fcgi\cgi($r['stdout']);
echo "status $status, X-Multi ", json_encode($headers['x-multi']), ', END_REQUEST ', json_encode($r['end']), "\n", preg_replace('/pid=\d+/', 'pid=N', $body);
preg_match('/pid=(\d+)/', $body, $pid);
// The same connection, request after request (FCGI_KEEP_CONN), with a form body.
$c->send(Fcgi\request(2, ['REQUEST_METHOD' => 'POST', 'REQUEST_URI' => '/post', 'CONTENT_TYPE' => 'application/x-www-form-urlencoded', 'CONTENT_LENGTH' => '7'] + $params, 'a=hello'));
echo 'keep-alive POST: ', Fcgi\cgi($c->response(2)['stdout'])[2], "\n";
$c->send(Fcgi\request(3, ['REQUEST_URI' => '/missing'] + $params));
echo 'status from PHP: ', Fcgi\cgi($c->response(3)['stdout'])[0], "\n";
// Management record: what the server allows.
$c->send(Fcgi\record(Fcgi\GET_VALUES, 0, Fcgi\pairs(['FCGI_MPXS_CONNS' => '', 'FCGI_MAX_REQS' => ''])));
[$type, , $content] = $c->next();
echo 'GET_VALUES: ', $type === Fcgi\GET_VALUES_RESULT ? json_encode(Fcgi\parse_pairs($content)) : "type $type", "\n";
// A second request while one is served: refused, the first is answered.
$c->send(Fcgi\request(4, ['REQUEST_URI' => '/slow'] + $params, '', true, 1, false) . Fcgi\request(5, $params) . Fcgi\record(Fcgi\STDIN, 4, ''));
$got = [];
while (count($got) < 2 && ($rec = $c->next()) !== null) {
    if ($rec[0] === Fcgi\END_REQUEST) {
        $got[$rec[1]] = unpack('NappStatus/CprotocolStatus', $rec[2])['protocolStatus'];
    }
}
ksort($got);
echo 'multiplexing: END_REQUEST protocol status by request ', json_encode($got), " (1 = FCGI_CANT_MPX_CONN)\n";
$c = new Fcgi\Client($port);
$c->send(Fcgi\request(1, ['REQUEST_URI' => '/', 'SCRIPT_NAME' => '/x'] + $params, '', true, 2));
echo 'unknown role: END_REQUEST ', json_encode($c->response(1)['end'] ?? null), " (3 = FCGI_UNKNOWN_ROLE)\n";
$c->send(Fcgi\request(2, $params + ['HTTP_X_HUGE' => str_repeat('h', 70000)]));
echo 'params over max_header_size: ', Fcgi\cgi($c->response(2)['stdout'] ?? '')[0], "\n";
$c = new Fcgi\Client($port);
$c->send(Fcgi\request(1, ['REQUEST_METHOD' => 'POST', 'REQUEST_URI' => '/post'] + $params, str_repeat('b', 1100000)));
echo 'body over max_request_size: ', Fcgi\cgi($c->response(1)['stdout'] ?? '')[0], "\n";
// FCGI_ABORT_REQUEST while the script streams.
$c = new Fcgi\Client($port);
$c->send(Fcgi\request(1, ['REQUEST_URI' => '/ticks'] + $params));
while (($rec = $c->next()) !== null && !str_contains($rec[2], 'tick 1')) {}
$c->send(Fcgi\record(Fcgi\ABORT_REQUEST, 1, ''));
for ($i = 0; $i < 100 && !is_file("$s->dir/aborted.txt"); $i++) { usleep(50000); }
echo 'abort: ', @file_get_contents("$s->dir/aborted.txt") ?: 'not noticed', "\n";
// Garbage: not FastCGI at all.
$g = new Fcgi\Client($port);
$g->send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
echo 'HTTP sent to the FastCGI port: closed ', var_export($g->next(5) === null, true), "\n";
$c = new Fcgi\Client($port);
$c->send(Fcgi\request(1, $params));
preg_match('/pid=(\d+)/', Fcgi\cgi($c->response(1)['stdout'])[2], $pid2);
echo 'the same worker still serves: ', var_export($pid2[1] === $pid[1], true), "\n";
var_dump($s->stop());
?>
--EXPECT--
status 200, X-Multi ["one","two"], END_REQUEST [0,0]
REQUEST_METHOD=GET
REQUEST_URI=/app/page?x=1&y=2
QUERY_STRING=x=1&y=2
SCRIPT_NAME=/index.php
DOCUMENT_ROOT=/srv/www
REMOTE_ADDR=203.0.113.7
REMOTE_PORT=51234
SERVER_PORT=443
HTTPS=on
REQUEST_SCHEME=https
HTTP_HOST=example.com
HTTP_X_CUSTOM=hi
SERVER_SOFTWARE=nginx/1.22.1
HTTP_PROXY=-
get={"x":"1","y":"2"} cookie={"a":"1","b":"2"} pid=N
keep-alive POST: application/x-www-form-urlencoded hello 7
status from PHP: 404
GET_VALUES: {"FCGI_MPXS_CONNS":"0","FCGI_MAX_REQS":"10000"}
multiplexing: END_REQUEST protocol status by request {"4":0,"5":1} (1 = FCGI_CANT_MPX_CONN)
unknown role: END_REQUEST [0,3] (3 = FCGI_UNKNOWN_ROLE)
params over max_header_size: 431
body over max_request_size: 413
abort: connection_aborted() after FCGI_ABORT_REQUEST
HTTP sent to the FastCGI port: closed true
the same worker still serves: true
int(0)
