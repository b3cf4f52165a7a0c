--TEST--
rr.so under php-cli (make test): rr_rpc() without a channel, an unreachable rpc.listen, bad arguments
--EXTENSIONS--
rr
--FILE--
<?php
putenv('RR_RPC');
try {
    rr_rpc('informer.List');
} catch (RR\RpcException $e) {
    echo 'no channel: ', $e->getMessage(), "\n";
}
$probe = stream_socket_server('tcp://127.0.0.1:0');
$addr = 'tcp://' . stream_socket_get_name($probe, false);
fclose($probe); // nothing listens there now
try {
    rr_rpc_connect($addr);
} catch (RR\RpcException $e) {
    echo 'unreachable: ', str_replace($addr, 'ADDR', $e->getMessage()), "\n";
}
try {
    rr_rpc('informer.List');
} catch (RR\RpcException $e) {
    echo 'after that: ', str_replace($addr, 'ADDR', $e->getMessage()), "\n";
}
try {
    RR\Rpc::call('informer.List', '', 'yaml');
} catch (ValueError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
try {
    rr_rpc_connect('http://example.com');
} catch (RR\RpcException $e) {
    echo 'bad address: ', $e->getMessage(), "\n";
}
?>
--EXPECT--
no channel: rpc: no RPC channel: rr_rpc() works in workers of rr-php serve; elsewhere call rr_rpc_connect('tcp://127.0.0.1:6001') with the server's rpc.listen address first
unreachable: cannot reach the server's RPC at ADDR: Connection refused (is rr-php serve running, with an rpc section in its config?)
after that: rpc: not connected: rr_rpc_connect('ADDR') failed
ValueError: RR\Rpc::call(): Argument #3 ($codec) must be "proto", "json" or "raw"
bad address: rpc: 'http://example.com' is not tcp://host:port or unix:///path
