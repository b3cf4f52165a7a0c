--TEST--
Lock RPC (lock.Lock/LockRead/Release/ForceRelease/Exists/UpdateTTL with lock.v1beta1 messages over the proto codec, as roadrunner-php/lock sends them): mutual exclusion across workers (no lost update), shared readers, a writer waits, TTL expiry frees the lock of a worker that died holding it, UpdateTTL, ForceRelease, bad requests
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
// lock.v1beta1.Request by hand: 1 resource, 2 id (strings), 3 ttl, 4 wait (int64 µs); Response: 1 ok.
function varint(int $v): string { $o = ''; while ($v >= 0x80) { $o .= chr($v & 0x7f | 0x80); $v >>= 7; } return $o . chr($v); }
function req(string $resource, string $id, int $ttlUs = 0, int $waitUs = 0): string {
    $o = "\x0a" . chr(strlen($resource)) . $resource;
    if ($id !== '') { $o .= "\x12" . chr(strlen($id)) . $id; }
    if ($ttlUs) { $o .= "\x18" . varint($ttlUs); }
    if ($waitUs) { $o .= "\x20" . varint($waitUs); }
    return $o;
}
function call(string $method, string $resource, string $id, int $ttlUs = 0, int $waitUs = 0): int {
    return RR\Rpc::call("lock.$method", req($resource, $id, $ttlUs, $waitUs)) === "\x08\x01" ? 1 : 0;
}
while (rr_handle_request(function () {
    parse_str($_SERVER['QUERY_STRING'] ?? '', $q);
    $p = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
    if ($p === '/count') { // read, pause, write: only a lock keeps the updates
        $file = __DIR__ . '/counter';
        for ($i = 0; $i < (int)$q['iter']; $i++) {
            $id = getmypid() . "-$i";
            if (!call('Lock', 'counter', $id, 10000000, 10000000)) { echo 'not granted'; return; }
            $n = (int)@file_get_contents($file);
            usleep(500);
            file_put_contents($file, (string)($n + 1));
            call('Release', 'counter', $id);
        }
        echo 'done';
        return;
    }
    if ($p === '/die') { // takes a lock with a TTL and dies holding it
        echo call('Lock', 'd', 'dead', 500000);
        posix_kill(getmypid(), SIGKILL);
    }
    if ($p === '/call') {
        try {
            echo call($q['m'], $q['r'], $q['id'] ?? '', (int)($q['ttl'] ?? 0), (int)($q['wait'] ?? 0));
        } catch (RR\RpcException $e) {
            echo $e->getMessage();
        }
        return;
    }
    if ($p === '/json') {
        try { RR\Rpc::call('lock.Lock', '{"resource":"x","id":"y"}', 'json'); } catch (RR\RpcException $e) { echo $e->getMessage(); }
    }
})) {}
PHP, 4, ['-o', 'output_buffering=0']);
$c = fn (string $m, string $r, string $id = '', int $ttl = 0, int $wait = 0) =>
    $s->get("/call?m=$m&r=$r&id=$id&ttl=$ttl&wait=$wait")->body;

// Four workers, 25 locked increments each.
$base = "http://127.0.0.1:{$s->port}";
[$rc, $out] = RrTest\curl(['--parallel', '--parallel-immediate', "$base/count?iter=25", "$base/count?iter=25",
    "$base/count?iter=25", "$base/count?iter=25"], 60);
echo 'counting: ', $out, ', counter: ', file_get_contents("$s->dir/counter"), "\n";

echo 'readers: ', $c('LockRead', 'doc', 'a'), $c('LockRead', 'doc', 'b'), ', a writer now: ', $c('Lock', 'doc', 'w'),
    ', exists a/*/zz: ', $c('Exists', 'doc', 'a'), $c('Exists', 'doc', '*'), $c('Exists', 'doc', 'zz'), "\n";
echo 'release a, b: ', $c('Release', 'doc', 'a'), $c('Release', 'doc', 'b'), ', release again: ', $c('Release', 'doc', 'a'),
    ', writer: ', $c('Lock', 'doc', 'w'), ', a reader now: ', $c('LockRead', 'doc', 'r'), ', release w: ', $c('Release', 'doc', 'w'), "\n";

// A waiting writer gets the lock when the TTL of the holder runs out.
echo 'ttl: ', $c('Lock', 't', 'x', 300000), ', try: ', $c('Lock', 't', 'y'), ', wait 5 s: ', $c('Lock', 't', 'y', 0, 5000000),
    ', x still holds: ', $c('Exists', 't', 'x'), "\n";

// A worker that dies holding a lock: its TTL frees it.
$s->get('/die');
echo 'after the holder died: ', $c('Exists', 'd', 'dead'), ', wait 5 s: ', $c('Lock', 'd', 'next', 0, 5000000), "\n";

// UpdateTTL: a lock whose TTL was raised outlives the old one.
echo 'update: ', $c('Lock', 'u', 'z', 200000), $c('UpdateTTL', 'u', 'z', 30000000), ', unknown id: ', $c('UpdateTTL', 'u', 'q', 1000), "\n";
usleep(600000);
echo 'after the old ttl: ', $c('Exists', 'u', 'z'), ', force release: ', $c('ForceRelease', 'u'), ', exists: ', $c('Exists', 'u'),
    ', force release again: ', $c('ForceRelease', 'u'), "\n";

echo 'empty id: ', $c('Lock', 'e', ''), "\n";
echo 'json codec: ', $s->get('/json')->body, "\n";
$s->stop();
?>
--EXPECT--
counting: donedonedonedone, counter: 100
readers: 11, a writer now: 0, exists a/*/zz: 110
release a, b: 11, release again: 0, writer: 1, a reader now: 0, release w: 1
ttl: 1, try: 0, wait 5 s: 1, x still holds: 0
after the holder died: 1, wait 5 s: 1
update: 11, unknown id: 0
after the old ttl: 1, force release: 1, exists: 0, force release again: 0
empty id: lock.Lock: empty id
json codec: lock.Lock: takes the proto codec (lock.v1beta1.Request), got flags 0x08
