--TEST--
Worker mode: nothing leaks from one request into the next (superglobals, headers, status, buffers, cookies)
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
$n = 0;
while (rr_handle_request(function () use (&$n) {
    $n++;
    if ($n === 1) {
        http_response_code(404);
        header('X-First: 1');
        setcookie('first', '1');
        ob_start();
        echo "first";
        $_SESSION_FAKE = 1;
        return;
    }
    echo json_encode([
        'n' => $n,
        'code' => http_response_code(),
        'headers' => headers_list(),
        'ob_level' => ob_get_level() - (int)(bool)ini_get('output_buffering'),
        'get' => $_GET, 'post' => $_POST, 'cookie' => $_COOKIE, 'files' => $_FILES, 'request' => $_REQUEST,
        'input' => file_get_contents('php://input'),
        'server_has_first_header' => isset($_SERVER['HTTP_X_ONLY_FIRST']),
        'query' => $_SERVER['QUERY_STRING'],
    ]);
})) {}
PHP);
$c = $s->connect();
$r1 = $c->request('POST', '/?a=1', ['Cookie' => 'c=1', 'X-Only-First' => 'yes', 'Content-Type' => 'application/x-www-form-urlencoded'], 'p=1');
var_dump($r1->status, $r1->header('X-First'), $r1->header('Set-Cookie'), $r1->body);
$r2 = $c->request('GET', '/');
var_dump($r2->status, $r2->header('X-First'), $r2->header('Set-Cookie'));
echo json_encode(json_decode($r2->body), JSON_PRETTY_PRINT), "\n";
$s->stop();
?>
--EXPECT--
int(404)
string(1) "1"
string(7) "first=1"
string(5) "first"
int(200)
NULL
NULL
{
    "n": 2,
    "code": 200,
    "headers": [],
    "ob_level": 0,
    "get": [],
    "post": [],
    "cookie": [],
    "files": [],
    "request": [],
    "input": "",
    "server_has_first_header": false,
    "query": ""
}
