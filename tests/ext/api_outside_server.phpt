--TEST--
rr.so under php-cli (make test): the worker API exists and says clearly that it needs a worker of rr-php serve
--EXTENSIONS--
rr
--FILE--
<?php
foreach (['rr_handle_request', 'frankenphp_handle_request', 'rr_worker_info', 'headers_send', 'rr_finish_request',
          'fastcgi_finish_request', 'getallheaders', 'rr_rpc', 'rr_rpc_connect'] as $f) {
    echo $f, ': ', var_export(function_exists($f), true), "\n";
}
echo 'classes: ', var_export(class_exists('RR\RpcException') && is_subclass_of('RR\RpcException', 'RuntimeException'), true),
    ' ', var_export(class_exists('RR\Rpc'), true), "\n";
$info = rr_worker_info();
echo 'mode: ', $info['mode'], ', pid ok: ', var_export($info['pid'] === getmypid(), true), "\n";
echo 'headers_send: ', headers_send(103), ', finish: ', var_export(rr_finish_request(), true), ', headers: ', json_encode(getallheaders()), "\n";
try {
    rr_handle_request(fn () => null);
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
rr_handle_request: true
frankenphp_handle_request: true
rr_worker_info: true
headers_send: true
rr_finish_request: true
fastcgi_finish_request: true
getallheaders: true
rr_rpc: true
rr_rpc_connect: true
classes: true true
mode: none, pid ok: true
headers_send: 0, finish: false, headers: []
Error: rr_handle_request() works only in a worker script started by rr-php serve
