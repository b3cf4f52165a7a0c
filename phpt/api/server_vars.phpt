--TEST--
Worker mode: $_SERVER carries what php-fpm behind nginx would (method, URI, protocol, addresses, headers)
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    $keys = ['REQUEST_METHOD', 'REQUEST_URI', 'QUERY_STRING', 'SERVER_PROTOCOL', 'REMOTE_ADDR', 'SERVER_NAME',
             'SERVER_PORT', 'SERVER_ADDR', 'HTTP_HOST', 'HTTP_X_CUSTOM_THING', 'HTTP_ACCEPT', 'CONTENT_TYPE',
             'CONTENT_LENGTH', 'SCRIPT_NAME', 'PHP_SELF', 'REQUEST_SCHEME', 'GATEWAY_INTERFACE'];
    $out = [];
    foreach ($keys as $k) {
        $out[$k] = $_SERVER[$k] ?? null;
    }
    $out['REMOTE_PORT_is_numeric'] = ctype_digit((string)($_SERVER['REMOTE_PORT'] ?? ''));
    $out['REQUEST_TIME_is_int'] = is_int($_SERVER['REQUEST_TIME'] ?? null);
    $out['REQUEST_TIME_FLOAT_recent'] = abs(microtime(true) - $_SERVER['REQUEST_TIME_FLOAT']) < 60;
    $out['SCRIPT_FILENAME_is_worker'] = $_SERVER['SCRIPT_FILENAME'] === __FILE__;
    $out['DOCUMENT_ROOT_is_dir'] = $_SERVER['DOCUMENT_ROOT'] === __DIR__;
    $out['HTTPS'] = $_SERVER['HTTPS'] ?? null;
    $out['no HTTP_CONTENT_TYPE'] = !isset($_SERVER['HTTP_CONTENT_TYPE']);
    header('Content-Type: application/json');
    echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES);
})) {}
PHP);
$r = $s->request('POST', '/path/to/page.php?a=1&b=two', [
    'Host' => 'example.test:8443',
    'X-Custom-Thing' => 'yes',
    'Accept' => 'text/html',
    'Content-Type' => 'text/plain',
], 'hello');
$data = json_decode($r->body, true);
$data['SERVER_PORT'] = $data['SERVER_PORT'] == $s->port ? 'the listening port' : $data['SERVER_PORT'];
var_dump($data);
$s->stop();
?>
--EXPECT--
array(24) {
  ["REQUEST_METHOD"]=>
  string(4) "POST"
  ["REQUEST_URI"]=>
  string(27) "/path/to/page.php?a=1&b=two"
  ["QUERY_STRING"]=>
  string(9) "a=1&b=two"
  ["SERVER_PROTOCOL"]=>
  string(8) "HTTP/1.1"
  ["REMOTE_ADDR"]=>
  string(9) "127.0.0.1"
  ["SERVER_NAME"]=>
  string(12) "example.test"
  ["SERVER_PORT"]=>
  string(18) "the listening port"
  ["SERVER_ADDR"]=>
  string(9) "127.0.0.1"
  ["HTTP_HOST"]=>
  string(17) "example.test:8443"
  ["HTTP_X_CUSTOM_THING"]=>
  string(3) "yes"
  ["HTTP_ACCEPT"]=>
  string(9) "text/html"
  ["CONTENT_TYPE"]=>
  string(10) "text/plain"
  ["CONTENT_LENGTH"]=>
  string(1) "5"
  ["SCRIPT_NAME"]=>
  string(11) "/worker.php"
  ["PHP_SELF"]=>
  string(11) "/worker.php"
  ["REQUEST_SCHEME"]=>
  string(4) "http"
  ["GATEWAY_INTERFACE"]=>
  string(7) "CGI/1.1"
  ["REMOTE_PORT_is_numeric"]=>
  bool(true)
  ["REQUEST_TIME_is_int"]=>
  bool(true)
  ["REQUEST_TIME_FLOAT_recent"]=>
  bool(true)
  ["SCRIPT_FILENAME_is_worker"]=>
  bool(true)
  ["DOCUMENT_ROOT_is_dir"]=>
  bool(true)
  ["HTTPS"]=>
  NULL
  ["no HTTP_CONTENT_TYPE"]=>
  bool(true)
}
