--TEST--
KV memcached storage against a real memcached on loopback: the stock client's calls (values really in memcached, expiry to the second), kv.TTL refused as RoadRunner refuses it, errors naming the storage, memcached down gives a quick RPC error while the worker keeps serving, then works again
--EXTENSIONS--
posix
--SKIPIF--
<?php if (!is_executable('/usr/bin/memcached')) die('skip memcached is not installed (scripts/deps.sh test installs it)'); ?>
--FILE--
<?php
require __DIR__ . '/../tester.inc';
require __DIR__ . '/../../tests/php/goridge.php';
require __DIR__ . '/kv.inc';
$mc = RrTest\memcached_server();
putenv('KV_CLIENT=' . realpath(__DIR__ . '/../../tests/php/kv.php'));
$s = RrTest\Server::start(<<<'PHP'
<?php
require getenv('KV_CLIENT');
while (rr_handle_request(function () {
    $kv = new RrTest\Kv\Client(fn (string $m, string $req) => RR\Rpc::call($m, $req), 'm');
    try {
        echo json_encode($kv->mget('a'));
    } catch (RR\RpcException $e) {
        echo $e->getMessage();
    }
})) {}
PHP, 1, ['-o', 'rpc.listen=tcp://127.0.0.1:0', '-o', 'kv.m.driver=memcached', '-o', "kv.m.config.addr=127.0.0.1:$mc->port",
    '-o', 'kv.m.config.max_value_size=1KB']);
preg_match('#rpc on (tcp://127\.0\.0\.1:\d+)#', $s->log(), $m);
$rpc = new RrTest\Goridge\Rpc($m[1]);
$call = fn (string $method, string $req) => $rpc->callProto($method, $req);
$kv = new RrTest\Kv\Client($call, 'm');
kv_basics($kv, false, 1.1);
kv_errors($call, 'm');
try {
    $kv->ttl('a');
} catch (Throwable $e) {
    echo 'ttl: ', preg_replace("/^Error '(.*)' on .*$/s", '$1', $e->getMessage()), "\n";
}
$kv->set(['a' => 'in memcached']);
$sock = stream_socket_client("tcp://127.0.0.1:$mc->port");
fwrite($sock, "get a\r\n");
echo 'memcached get a: ', trim(fgets($sock)), ' ', trim(fgets($sock)), "\n";
fclose($sock);
echo 'worker reads it: ', $s->get('/')->body, "\n";

echo "== memcached down\n";
$port = $mc->port;
$mc->stop();
$t = microtime(true);
try {
    $kv->set(['x' => 'y']);
    echo "no error\n";
} catch (Throwable $e) {
    echo preg_match("/kv\\.Set: storage m: memcached: set 'x': /", $e->getMessage()) ? 'error names the storage' : $e->getMessage(), "\n";
}
echo 'the worker answers: ', preg_match('/^kv\.MGet: storage m: memcached: /', $s->get('/')->body) ? 'an error naming the storage' : 'WRONG', "\n";
echo 'quickly: ', var_export(microtime(true) - $t < 10, true), "\n";
$mc->start($port);
for ($i = 0; $i < 30; $i++) { // libmemcached retries a dead server after its retry timeout
    try {
        $kv->set(['b' => 'back']);
        break;
    } catch (Throwable $e) {
        usleep(200000);
    }
}
echo 'memcached back: ', json_encode($kv->mget('b')), "\n";
$s->stop();
?>
--EXPECT--
has: ["a","b","t","h"]
mget: {"a":"apple","b":"62696e00ff"} missing zz: true
after its time: []
after mexpire 1 s: ["b"]
after delete: ["h"]
after clear: []
unknown storage: kv.Has: no such storage: nope
empty key: kv.Set: storage m: empty key
bad timeout: kv.Set: storage m: 'in an hour' is not an RFC 3339 time, e.g. 2026-12-01T10:00:00Z
oversized: kv.Set: storage m: the value of 'big' is 2048 bytes, more than max_value_size (1024 bytes)
not a message: kv.MGet: the argument is not a kv.v1.Request
ttl: kv.TTL: storage m: memcached does not report the expiry of keys: TTL is not supported by this driver
memcached get a: VALUE a 0 12 in memcached
worker reads it: {"a":"in memcached"}
== memcached down
error names the storage
the worker answers: an error naming the storage
quickly: true
memcached back: {"b":"back"}
