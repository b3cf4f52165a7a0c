--TEST--
Worker mode: header(), header_remove(), headers_list(), http_response_code(), setcookie() and the default Content-Type
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    switch ($_SERVER['REQUEST_URI']) {
    case '/default':
        echo 'x';
        break;
    case '/cookies':
        setcookie('a', '1');
        setcookie('b', 'two words', ['httponly' => true, 'path' => '/p']);
        header('X-Multi: one');
        header('X-Multi: two', false);
        header('X-Gone: soon');
        header_remove('X-Gone');
        header('X-List: ' . implode('|', array_map(fn ($h) => strtok($h, ':'), headers_list())));
        http_response_code(404);
        echo 'code=' . http_response_code();
        break;
    case '/location':
        header('Location: /elsewhere');
        break;
    case '/status-line':
        header('HTTP/1.1 418 I am a teapot');
        break;
    case '/no-content':
        http_response_code(204);
        break;
    }
})) {}
PHP);
$r = $s->get('/default');
var_dump($r->status, $r->header('Content-Type'), $r->body);
$r = $s->get('/cookies');
var_dump($r->status, $r->headers['set-cookie'], $r->headers['x-multi'], $r->header('X-Gone'), $r->header('X-List'), $r->body);
$r = $s->get('/location');
var_dump($r->status, $r->header('Location'));
$r = $s->get('/status-line');
var_dump($r->status);
$c = $s->connect();
$r = $c->request('GET', '/no-content');
var_dump($r->status, $r->header('Content-Length'), $r->body);
$r = $c->request('GET', '/default');
var_dump($r->body);
$s->stop();
?>
--EXPECT--
int(200)
string(24) "text/html; charset=UTF-8"
string(1) "x"
int(404)
array(2) {
  [0]=>
  string(3) "a=1"
  [1]=>
  string(32) "b=two%20words; path=/p; HttpOnly"
}
array(2) {
  [0]=>
  string(3) "one"
  [1]=>
  string(3) "two"
}
NULL
string(37) "Set-Cookie|Set-Cookie|X-Multi|X-Multi"
string(8) "code=404"
int(302)
string(10) "/elsewhere"
int(418)
int(204)
NULL
string(0) ""
string(1) "x"
