--TEST--
Direct dispatch: workers serve HTTP/1.1 themselves — $_SERVER, query, form, upload, cookies, keep-alive, pipelining, HTTP/1.0, HEAD, 100-continue, chunked bodies, header() and status
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    if ($_SERVER['REQUEST_URI'] === '/status') {
        http_response_code(418);
        header('X-Answer: 42');
        echo 'teapot';
        return;
    }
    echo json_encode([
        'pid' => getmypid(),
        'method' => $_SERVER['REQUEST_METHOD'],
        'uri' => $_SERVER['REQUEST_URI'],
        'query' => $_GET,
        'post' => $_POST,
        'files' => array_map(fn($f) => [$f['name'], $f['size'], $f['error'], is_uploaded_file($f['tmp_name'])], $_FILES),
        'cookie' => $_COOKIE,
        'remote' => $_SERVER['REMOTE_ADDR'],
        'port' => $_SERVER['SERVER_PORT'],
        'host' => $_SERVER['HTTP_HOST'],
        'proto' => $_SERVER['SERVER_PROTOCOL'],
        'input' => file_get_contents('php://input'),
    ]);
})) {}
PHP, 2, ['-o', 'http.pool.dispatch=direct']);
var_dump($s->waitLog('(dispatch: direct)'));

$r = $s->get('/p?a=1&b[]=x', ['Cookie' => 'sid=abc; t=x%20y']);
$j = json_decode($r->body, true);
var_dump($r->status, $j['method'], $j['uri'], $j['query'], $j['cookie'], $j['remote'], $j['port'] === (string)$s->port, $j['host'], $j['proto']);

// A form and an upload.
$r = $s->request('POST', '/f', ['Content-Type' => 'application/x-www-form-urlencoded'], 'a=1&b=two');
var_dump(json_decode($r->body, true)['post']);
$body = "--XX\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XX--\r\n";
$r = $s->request('POST', '/u', ['Content-Type' => 'multipart/form-data; boundary=XX'], $body);
var_dump(json_decode($r->body, true)['files']);

// Keep-alive: one connection, the same worker, the connection stays open.
$c = $s->connect();
$a = json_decode($c->request('GET', '/1')->body, true)['pid'];
$b = json_decode($c->request('GET', '/2')->body, true)['pid'];
var_dump($a === $b);
// Pipelining: two requests in one write, two answers in order.
$c->send("GET /x1 HTTP/1.1\r\nHost: h\r\n\r\nGET /x2 HTTP/1.1\r\nHost: h\r\n\r\n");
var_dump(json_decode($c->read()->body, true)['uri'], json_decode($c->read()->body, true)['uri']);
// Status and headers from PHP.
$r = $c->request('GET', '/status');
var_dump($r->status, $r->header("X-Answer"), $r->body);
// HEAD: the head a GET gets, no body.
$r = $c->request('HEAD', '/status');
var_dump($r->status, $r->body);
// A chunked request body.
$c->send("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
var_dump(json_decode($c->read()->body, true)['input']);
// Expect: 100-continue gets its interim answer before the body is sent.
$c->send("POST /e HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
var_dump(fread($c->sock, 100) === "HTTP/1.1 100 Continue\r\n\r\n");
$c->send('xyz');
var_dump(json_decode($c->read()->body, true)['input']);
$c->close();

// HTTP/1.0 without keep-alive: the answer ends with the connection.
$c = $s->connect();
$r = $c->request('GET', '/old', [], '', 'HTTP/1.0');
var_dump($r->status, json_decode($r->body, true)['proto'], $c->closedByServer());
var_dump($s->stop());
?>
--EXPECT--
bool(true)
int(200)
string(3) "GET"
string(12) "/p?a=1&b[]=x"
array(2) {
  ["a"]=>
  string(1) "1"
  ["b"]=>
  array(1) {
    [0]=>
    string(1) "x"
  }
}
array(2) {
  ["sid"]=>
  string(3) "abc"
  ["t"]=>
  string(3) "x y"
}
string(9) "127.0.0.1"
bool(true)
string(9) "localhost"
string(8) "HTTP/1.1"
array(2) {
  ["a"]=>
  string(1) "1"
  ["b"]=>
  string(3) "two"
}
array(1) {
  ["f"]=>
  array(4) {
    [0]=>
    string(5) "a.txt"
    [1]=>
    int(5)
    [2]=>
    int(0)
    [3]=>
    bool(true)
  }
}
bool(true)
string(3) "/x1"
string(3) "/x2"
int(418)
string(2) "42"
string(6) "teapot"
int(418)
string(0) ""
string(5) "abcde"
bool(true)
string(3) "xyz"
int(200)
string(8) "HTTP/1.0"
bool(true)
int(0)
