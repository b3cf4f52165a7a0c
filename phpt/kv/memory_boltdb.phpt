--TEST--
KV memory and boltdb storages (kv.Has/Set/MGet/MExpire/TTL/Delete/Clear with kv.v1 messages, as spiral/roadrunner-kv sends them) over rpc.listen and a worker's rr_rpc channel: values, TTLs exact to the second, errors naming the storage; boltdb keeps every acknowledged write through kill -9 of the server
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
require __DIR__ . '/../../tests/php/goridge.php';
require __DIR__ . '/kv.inc';
$worker = <<<'PHP'
<?php
require getenv('KV_CLIENT');
while (rr_handle_request(function () {
    $kv = new RrTest\Kv\Client(fn (string $m, string $req) => RR\Rpc::call($m, $req), $_GET['storage']);
    if (isset($_GET['set'])) {
        $kv->set([$_GET['set'] => 'from worker ' . getmypid()]);
    }
    echo json_encode($kv->mget(...explode(',', $_GET['get'])));
})) {}
PHP;
$args = ['-o', 'rpc.listen=tcp://127.0.0.1:0', '-o', 'kv.mem.driver=memory', '-o', 'kv.mem.config.max_value_size=1KB',
    '-o', 'kv.disk.driver=boltdb', '-o', 'kv.disk.config.file=data/kv.db', '-o', 'kv.disk.config.bucket=app',
    '-o', 'kv.disk.config.permissions=0600', '-o', 'kv.disk.config.interval=1'];
putenv('KV_CLIENT=' . realpath(__DIR__ . '/../../tests/php/kv.php'));
$s = RrTest\Server::prepare(['worker.php' => $worker, 'data/.keep' => '']);
$s->launch(array_merge(['serve', $s->script, '--listen', '127.0.0.1:0', '--workers', '2'], $args));
preg_match('#rpc on (tcp://127\.0\.0\.1:\d+)#', $s->log(), $m);
$rpc = new RrTest\Goridge\Rpc($m[1]);
$call = fn (string $method, string $req) => $rpc->callProto($method, $req);
foreach (['mem', 'disk'] as $storage) {
    echo "== $storage\n";
    kv_basics(new RrTest\Kv\Client($call, $storage));
}
echo "== errors\n";
kv_errors($call, 'mem');
echo 'boltdb file mode: ', decoct(fileperms("$s->dir/data/kv.db") & 0777), "\n";

echo "== through a worker's own channel\n";
$r = $s->get('/?storage=mem&set=w&get=w,none')->body;
echo preg_replace('/\d+/', 'N', $r), "\n";
$kv = new RrTest\Kv\Client($call, 'mem');
echo 'seen over rpc.listen: ', preg_replace('/\d+/', 'N', json_encode($kv->mget('w'))), "\n";

echo "== boltdb survives kill -9\n";
$disk = new RrTest\Kv\Client($call, 'disk');
for ($i = 0; $i < 200; $i++) {
    $disk->set(["k$i" => "v$i"]); // each acknowledged before the next is sent
}
$disk->set(['expiring' => 'x'], 1);
$s->kill();
unlink("$s->dir/server.log"); // the next start's lines only
$s->launch(array_merge(['serve', $s->script, '--listen', '127.0.0.1:0', '--workers', '1', '-o', 'logs.level=debug'], $args));
preg_match('#rpc on (tcp://127\.0\.0\.1:\d+)#', $s->log(), $m);
$rpc = new RrTest\Goridge\Rpc($m[1]);
$disk = new RrTest\Kv\Client(fn (string $method, string $req) => $rpc->callProto($method, $req), 'disk');
$got = $disk->mget(...array_map(fn ($i) => "k$i", range(0, 199)));
$lost = 0;
for ($i = 0; $i < 200; $i++) {
    $lost += ($got["k$i"] ?? null) === "v$i" ? 0 : 1;
}
echo 'after restart: ', count($got), " keys, $lost lost\n";
echo 'the 1 s sweep deleted the expired key: ', var_export($s->waitLog('kv.disk: the sweep deleted 1 expired keys'), true), "\n";
echo 'expired key after the sweep: ', json_encode($disk->has('expiring')), "\n";
// SIGHUP forks a new zygote while the boltdb storage has its thread: the thread waits idle for the
// fork, then serves again.
posix_kill($s->pid, SIGHUP);
echo 'reload with a storage thread: ', var_export($s->waitLog('reload: done'), true), ', then: ', json_encode($disk->mget('k7')), "\n";
echo 'memory storage is empty again: ', json_encode((new RrTest\Kv\Client(fn (string $method, string $req) => $rpc->callProto($method, $req), 'mem'))->has('w')), "\n";

echo "== a bad boltdb path stops the start with a clear error\n";
$bad = RrTest\Server::prepare(['worker.php' => $worker]);
try {
    $bad->launch(['serve', $bad->script, '--listen', '127.0.0.1:0', '-o', 'kv.d.driver=boltdb', '-o', 'kv.d.config.file=missing/dir/kv.db']);
} catch (RuntimeException $e) {
    echo preg_match('#kv\.d: the boltdb storage cannot open: .*missing/dir/kv\.db#', $e->getMessage()) ? "clear error\n" : $e->getMessage();
}
$s->stop();
?>
--EXPECT--
== mem
has: ["a","b","t","h"]
mget: {"a":"apple","b":"62696e00ff"} missing zz: true
ttl: a none: true, h in an hour: true, zz absent: true
after its time: []
after mexpire 1 s: ["b"]
after delete: ["h"]
after clear: []
== disk
has: ["a","b","t","h"]
mget: {"a":"apple","b":"62696e00ff"} missing zz: true
ttl: a none: true, h in an hour: true, zz absent: true
after its time: []
after mexpire 1 s: ["b"]
after delete: ["h"]
after clear: []
== errors
unknown storage: kv.Has: no such storage: nope
empty key: kv.Set: storage mem: empty key
bad timeout: kv.Set: storage mem: 'in an hour' is not an RFC 3339 time, e.g. 2026-12-01T10:00:00Z
oversized: kv.Set: storage mem: the value of 'big' is 2048 bytes, more than max_value_size (1024 bytes)
not a message: kv.MGet: the argument is not a kv.v1.Request
boltdb file mode: 600
== through a worker's own channel
{"w":"from worker N"}
seen over rpc.listen: {"w":"from worker N"}
== boltdb survives kill -9
after restart: 200 keys, 0 lost
the 1 s sweep deleted the expired key: true
expired key after the sweep: []
reload with a storage thread: true, then: {"k7":"v7"}
memory storage is empty again: []
== a bad boltdb path stops the start with a clear error
clear error
