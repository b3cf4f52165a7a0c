--TEST--
headers middleware: http.headers.request reaches PHP, http.headers.response is set on every response (replacing the worker's); only when listed in http.middleware; cors applies with it
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = "<?php\nwhile (rr_handle_request(function () { header('X-Powered: php'); header('X-Frame-Options: ALLOW'); echo \$_SERVER['HTTP_X_FROM_CONFIG'] ?? 'none'; })) {}\n";
$yaml = fn (string $mw) => "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  middleware: [$mw]\n  headers:\n    cors:\n      allowed_origin: '*'\n    request:\n      X-From-Config: 'yes'\n    response:\n      X-Frame-Options: DENY\n      X-Served-By: rr-php\n  pool:\n    num_workers: 1\n";
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml('headers')], ['serve']);
$r = $s->get('/');
echo $r->status, ' body ', $r->body, ', X-Frame-Options ', implode('|', $r->headers['x-frame-options'] ?? []), ', X-Served-By ', $r->header('x-served-by'), ', X-Powered ', $r->header('x-powered'), "\n";
echo 'cors: ', $s->get('/', ['Origin' => 'http://x.test'])->header('access-control-allow-origin'), ', not warned: ', var_export(!str_contains($s->log(), 'cors'), true), "\n";
$s->stop();
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml('')], ['serve']);
$r = $s->get('/');
echo 'not listed: body ', $r->body, ', X-Frame-Options ', $r->header('x-frame-options'), ', X-Served-By ', var_export($r->header('x-served-by'), true), "\n";
echo 'exit: ', $s->stop(), "\n";
?>
--EXPECT--
200 body yes, X-Frame-Options DENY, X-Served-By rr-php, X-Powered php
cors: *, not warned: true
not listed: body none, X-Frame-Options ALLOW, X-Served-By NULL
exit: 0
