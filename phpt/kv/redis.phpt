--TEST--
KV redis storage against real redis-server processes on loopback: the stock client's calls on one server (values really in Redis, TTLs), Redis down gives a quick RPC error naming the storage while the worker keeps serving, Redis back works again; Sentinel (master_name) and Cluster (several addrs, keys spread over the nodes) modes
--EXTENSIONS--
posix
--SKIPIF--
<?php if (!is_executable('/usr/bin/redis-server')) die('skip redis-server is not installed (scripts/deps.sh test installs it)'); ?>
--FILE--
<?php
require __DIR__ . '/../tester.inc';
require __DIR__ . '/../../tests/php/goridge.php';
require __DIR__ . '/kv.inc';
$redis = RrTest\redis_server();
$cli = fn (int $port, string ...$args) => trim(shell_exec('redis-cli -p ' . $port . ' ' . implode(' ', array_map('escapeshellarg', $args)) . ' 2>&1'));
putenv('KV_CLIENT=' . realpath(__DIR__ . '/../../tests/php/kv.php'));
$s = RrTest\Server::start(<<<'PHP'
<?php
require getenv('KV_CLIENT');
while (rr_handle_request(function () {
    $kv = new RrTest\Kv\Client(fn (string $m, string $req) => RR\Rpc::call($m, $req), 'r');
    try {
        echo json_encode($kv->mget('a'));
    } catch (RR\RpcException $e) {
        echo $e->getMessage();
    }
})) {}
PHP, 1, ['-o', 'rpc.listen=tcp://127.0.0.1:0', '-o', 'kv.r.driver=redis', '-o', "kv.r.config.addrs=127.0.0.1:$redis->port",
    '-o', 'kv.r.config.dial_timeout=2s', '-o', 'kv.r.config.max_value_size=1KB']);
preg_match('#rpc on (tcp://127\.0\.0\.1:\d+)#', $s->log(), $m);
$rpc = new RrTest\Goridge\Rpc($m[1]);
$call = fn (string $method, string $req) => $rpc->callProto($method, $req);
$kv = new RrTest\Kv\Client($call, 'r');
kv_basics($kv);
kv_errors($call, 'r');

$kv->set(['a' => 'in redis'], 100);
echo 'redis-cli GET a: ', $cli($redis->port, 'GET', 'a'), ', TTL: ', ((int)$cli($redis->port, 'TTL', 'a')) > 95 ? 'about 100' : 'wrong', "\n";
echo 'worker reads it: ', $s->get('/')->body, "\n";

echo "== redis down\n";
$port = $redis->port;
$redis->stop();
$t = microtime(true);
try {
    $kv->has('a');
    echo "no error\n";
} catch (Throwable $e) {
    echo preg_replace(["/^Error '(.*)' on .*$/s", '/127\.0\.0\.1:\d+/'], ['$1', 'ADDR'], $e->getMessage()), "\n";
}
echo 'the worker answers with the error: ', preg_replace('/127\.0\.0\.1:\d+/', 'ADDR', $s->get('/')->body), "\n";
echo 'within the dial timeout: ', var_export(microtime(true) - $t < 5, true), "\n";
$redis->start($port);
usleep(1100000); // a failed connect is retried after a second
$kv->set(['b' => 'back']);
echo 'redis back: ', json_encode($kv->mget('b')), "\n";
$s->stop();

echo "== sentinel\n";
$sentinelConf = sys_get_temp_dir() . '/rr-sentinel-' . getmypid() . '.conf';
file_put_contents($sentinelConf, "requirepass spw\nsentinel monitor mymaster 127.0.0.1 $redis->port 1\nsentinel down-after-milliseconds mymaster 60000\n");
$sentinel = new RrTest\Peer(fn (int $p) => ['redis-server', $sentinelConf, '--sentinel', '--port', (string)$p, '--bind', '127.0.0.1', '--protected-mode', 'no']);
$s = RrTest\Server::start(file_get_contents($s->script), 1, ['-o', 'rpc.listen=tcp://127.0.0.1:0', '-o', 'kv.r.driver=redis',
    '-o', "kv.r.config.addrs=127.0.0.1:$sentinel->port", '-o', 'kv.r.config.master_name=mymaster',
    '-o', 'kv.r.config.sentinel_password=spw']);
preg_match('#rpc on (tcp://127\.0\.0\.1:\d+)#', $s->log(), $m);
$rpc = new RrTest\Goridge\Rpc($m[1]);
$kv = new RrTest\Kv\Client(fn (string $method, string $req) => $rpc->callProto($method, $req), 'r');
$kv->set(['via' => 'sentinel']);
echo 'through the sentinel: ', json_encode($kv->mget('via')), ', in the master: ', $cli($redis->port, 'GET', 'via'), "\n";
$s->stop();
$sentinel->stop();
@unlink($sentinelConf);

echo "== password, database and read timeout\n";
$locked = new RrTest\Peer(fn (int $port) => ['redis-server', '--port', (string)$port, '--bind', '127.0.0.1', '--save', '',
    '--appendonly', 'no', '--requirepass', 'pw']);
$s = RrTest\Server::start(file_get_contents($s->script), 1, ['-o', 'rpc.listen=tcp://127.0.0.1:0',
    '-o', 'kv.a.driver=redis', '-o', "kv.a.config.addrs=127.0.0.1:$locked->port", '-o', 'kv.a.config.username=default',
    '-o', 'kv.a.config.password=pw', '-o', 'kv.a.config.db=3', '-o', 'kv.a.config.read_timeout=1s',
    '-o', 'kv.bad.driver=redis', '-o', "kv.bad.config.addrs=127.0.0.1:$locked->port", '-o', 'kv.bad.config.password=wrong']);
preg_match('#rpc on (tcp://127\.0\.0\.1:\d+)#', $s->log(), $m);
$rpc = new RrTest\Goridge\Rpc($m[1]);
$call = fn (string $method, string $req) => $rpc->callProto($method, $req);
(new RrTest\Kv\Client($call, 'a'))->set(['in3' => 'db three']);
echo 'redis-cli -n 3 GET in3: ', $cli($locked->port, '-a', 'pw', '--no-auth-warning', '-n', '3', 'GET', 'in3'), ', db 0 has it: ',
    $cli($locked->port, '-a', 'pw', '--no-auth-warning', 'EXISTS', 'in3'), "\n";
try {
    (new RrTest\Kv\Client($call, 'bad'))->has('x');
} catch (Throwable $e) {
    echo 'wrong password: ', preg_match('/storage bad: redis 127\.0\.0\.1:\d+: WRONGPASS/', $e->getMessage()) ? 'refused, named' : $e->getMessage(), "\n";
}
// Redis answering nobody for 5 s: the call gives up after read_timeout (1 s) instead of hanging the
// worker. CLIENT PAUSE returns once the pause is on.
$cli($locked->port, '-a', 'pw', '--no-auth-warning', 'CLIENT', 'PAUSE', '5000', 'ALL');
$t = microtime(true);
try {
    (new RrTest\Kv\Client($call, 'a'))->has('in3');
    echo "busy redis: no error\n";
} catch (Throwable $e) {
    echo 'busy redis: ', preg_match('/storage a: redis 127\.0\.0\.1:\d+: no answer within 1000 ms/', $e->getMessage()) ? 'timed out, named' : $e->getMessage(),
        ', within 4 s: ', var_export(microtime(true) - $t < 4, true), "\n";
}
$s->stop();
$locked->stop();

echo "== cluster\n";
$dir = sys_get_temp_dir() . '/rr-cluster-' . getmypid();
@mkdir($dir);
$nodes = [];
foreach ([0, 1, 2] as $i) {
    do { $p = RrTest\free_port(); } while ($p > 55000); // the cluster bus listens on port + 10000
    $nodes[] = new RrTest\Peer(fn (int $port) => ['redis-server', '--port', (string)$port, '--bind', '127.0.0.1', '--save', '',
        '--appendonly', 'no', '--protected-mode', 'no', '--cluster-enabled', 'yes', '--cluster-config-file', "$dir/nodes-$port.conf"]);
}
$ports = array_map(fn ($n) => $n->port, $nodes);
shell_exec('redis-cli --cluster create ' . implode(' ', array_map(fn ($p) => "127.0.0.1:$p", $ports)) . ' --cluster-yes 2>&1');
$converged = fn () => count(array_filter($ports, fn ($p) => str_contains($info = $cli($p, 'CLUSTER', 'INFO'), 'cluster_state:ok')
    && str_contains($info, 'cluster_slots_ok:16384'))) === count($ports);
for ($i = 0; $i < 200 && !$converged(); $i++) { // every node agrees (at most 20 s)
    usleep(100000);
}
echo 'cluster up: ', var_export($converged(), true), "\n";
$s = RrTest\Server::start(file_get_contents($s->script), 1, ['-o', 'rpc.listen=tcp://127.0.0.1:0', '-o', 'kv.c.driver=redis',
    '-o', 'kv.c.config.addrs=[' . implode(',', array_map(fn ($p) => "127.0.0.1:$p", $ports)) . ']']);
preg_match('#rpc on (tcp://127\.0\.0\.1:\d+)#', $s->log(), $m);
$rpc = new RrTest\Goridge\Rpc($m[1]);
$kv = new RrTest\Kv\Client(fn (string $method, string $req) => $rpc->callProto($method, $req), 'c');
$values = [];
for ($i = 0; $i < 60; $i++) {
    $values["key$i"] = "value$i";
}
$kv->set($values, 600);
$got = $kv->mget(...array_keys($values));
echo 'cluster mget: ', count($got), ' of 60 equal: ', var_export($got == $values, true), "\n";
$sizes = array_map(fn ($p) => (int)$cli($p, 'DBSIZE'), $ports);
echo 'keys on every node: ', var_export(min($sizes) > 0 && array_sum($sizes) === 60, true), "\n";
echo 'ttl across nodes: ', count($kv->ttl(...array_keys($values))), "\n";
$kv->clear();
echo 'cleared: ', array_sum(array_map(fn ($p) => (int)$cli($p, 'DBSIZE'), $ports)), "\n";
$s->stop();
foreach ($nodes as $n) {
    $n->stop();
}
array_map('unlink', glob("$dir/*"));
@rmdir($dir);
?>
--EXPECT--
has: ["a","b","t","h"]
mget: {"a":"apple","b":"62696e00ff"} missing zz: true
ttl: a none: true, h in an hour: true, zz absent: true
after its time: []
after mexpire 1 s: ["b"]
after delete: ["h"]
after clear: []
unknown storage: kv.Has: no such storage: nope
empty key: kv.Set: storage r: empty key
bad timeout: kv.Set: storage r: 'in an hour' is not an RFC 3339 time, e.g. 2026-12-01T10:00:00Z
oversized: kv.Set: storage r: the value of 'big' is 2048 bytes, more than max_value_size (1024 bytes)
not a message: kv.MGet: the argument is not a kv.v1.Request
redis-cli GET a: in redis, TTL: about 100
worker reads it: {"a":"in redis"}
== redis down
kv.Has: storage r: redis ADDR: Connection refused
the worker answers with the error: kv.MGet: storage r: redis ADDR: Connection refused
within the dial timeout: true
redis back: {"b":"back"}
== sentinel
through the sentinel: {"via":"sentinel"}, in the master: sentinel
== password, database and read timeout
redis-cli -n 3 GET in3: db three, db 0 has it: 0
wrong password: refused, named
busy redis: timed out, named, within 4 s: true
== cluster
cluster up: true
cluster mget: 60 of 60 equal: true
keys on every node: true
ttl across nodes: 60
cleared: 0
