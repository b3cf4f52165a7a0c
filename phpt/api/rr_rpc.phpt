--TEST--
rr_rpc() from embedded workers over their own channel to the master (no rpc section): at boot and in requests, results decoded to arrays, the server's errors as RR\RpcException, unsendable params, RR\Rpc::call() with a raw payload and codec; rr_rpc_connect() to rpc.listen; the errors when there is no channel or the server is gone
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
$boot = rr_rpc('informer.List'); // before the first request
while (rr_handle_request(function () use ($boot) {
    $out = [];
    $out[] = 'boot: ' . json_encode($boot);
    $w = rr_rpc('informer.Workers', 'http');
    $pids = array_column($w['workers'], 'pid');
    $out[] = 'workers: ' . count($pids) . ', this one among them: ' . var_export(in_array(getmypid(), $pids, true), true)
        . ', keys: ' . implode(',', array_keys($w['workers'][0]));
    foreach ([['nope.Nope', null], ['informer.Nope', null], ['informer.Workers', 'no-such-plugin'], ['NoDot', null]] as [$m, $p]) {
        try {
            rr_rpc($m, $p);
            $out[] = "$m: no exception";
        } catch (RR\RpcException $e) {
            $out[] = "$m: " . get_class($e) . ' (a ' . get_parent_class($e) . '): ' . $e->getMessage();
        }
    }
    try {
        rr_rpc('informer.List', ['bad' => NAN]);
    } catch (RR\RpcException $e) {
        $out[] = 'NAN: ' . $e->getMessage();
    }
    $out[] = 'raw json: ' . RR\Rpc::call('informer.List', '', 'json');
    try {
        RR\Rpc::call('informer.List', "\x0a\x04http");
    } catch (RR\RpcException $e) {
        $out[] = 'proto: ' . $e->getMessage();
    }
    try {
        RR\Rpc::call('informer.List', '', 'xml');
    } catch (ValueError $e) {
        $out[] = 'codec: ' . $e->getMessage();
    }
    $out[] = 'after errors: ' . json_encode(rr_rpc('resetter.List'));
    echo implode("\n", $out), "\n";
})) {}
PHP, 2, ['-o', 'rpc.listen=tcp://127.0.0.1:0']);
echo $s->get('/')->body;
echo $s->get('/')->body === $s->get('/')->body ? "same on every request\n" : "differs\n";

// rr_rpc_connect() to rpc.listen: a worker of a second server (which has a channel of its own)
// reaches the first server. (From php-cli with rr.so: tests/pecl_build.sh.)
preg_match('#rpc on (tcp://127\.0\.0\.1:\d+)#', $s->log(), $m);
$other = RrTest\Server::start(<<<PHP
<?php
while (rr_handle_request(function () {
    rr_rpc_connect('{$m[1]}');
    \$w = rr_rpc('informer.Workers', 'http');
    echo 'other server sees ', count(\$w['workers']), ' workers, none its own: ',
        var_export(!in_array(getmypid(), array_column(\$w['workers'], 'pid'), true), true), "\\n";
    try { rr_rpc_connect('tcp://127.0.0.1:1'); } catch (RR\RpcException \$e) { echo 'unreachable: ', \$e->getMessage(), "\\n"; }
    try { rr_rpc('informer.List'); } catch (RR\RpcException \$e) { echo 'after a failed connect: ', \$e->getMessage(), "\\n"; }
})) {}
PHP, 1);
echo $other->get('/')->body;
$other->stop();
$s->stop();
?>
--EXPECTF--
boot: ["http"]
workers: 2, this one among them: true, keys: pid,status,numExecs,created,memoryUsage,CPUPercent,command,statusStr
nope.Nope: RR\RpcException (a RuntimeException): rpc: can't find service nope.Nope
informer.Nope: RR\RpcException (a RuntimeException): rpc: can't find method informer.Nope
informer.Workers: RR\RpcException (a RuntimeException): %s
NoDot: RR\RpcException (a RuntimeException): rpc: service/method request ill-formed: NoDot
NAN: rr_rpc(informer.List): the params cannot be sent as JSON (json_encode() error 7)
raw json: ["http"]
proto: rpc: informer.List: this method takes the JSON codec (flags 0x08), got flags 0x80
codec: RR\Rpc::call(): Argument #3 ($codec) must be "proto", "json" or "raw"
after errors: ["http"]
same on every request
other server sees 2 workers, none its own: true
unreachable: cannot reach the server's RPC at tcp://127.0.0.1:1: Connection refused (is rr-php serve running, with an rpc section in its config?)
after a failed connect: rpc: not connected: rr_rpc_connect('tcp://127.0.0.1:1') failed
