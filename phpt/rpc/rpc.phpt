--TEST--
RPC control plane: informer, resetter and rpc services with RoadRunner's shapes, over tcp and unix; errors keep the connection, broken frames close only theirs
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
require __DIR__ . '/../../tests/php/goridge.php';
use RrTest\Goridge\{Rpc, ServiceException, Frame};

$worker = "<?php\nwhile (rr_handle_request(function () { echo getmypid(); })) {}\n";
$yaml = "version: '3'\nserver:\n  command: php worker.php\nrpc:\n  listen: %s\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    num_workers: 2\n";
foreach (['tcp://127.0.0.1:0', 'unix://rpc.sock'] as $listen) {
    $s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => sprintf($yaml, $listen)], ['serve']);
    preg_match('#rpc on (\S+)#', $s->log(), $m);
    $address = str_starts_with($m[1], 'unix://') ? 'unix://' . $s->dir . '/' . substr($m[1], 7) : $m[1];
    echo "== ", preg_replace('#:\d+$#', ':PORT', $m[1]), "\n";
    $rpc = new Rpc($address);
    echo 'informer.List: ', json_encode($rpc->call('informer.List', true)), "\n";
    echo 'resetter.List: ', json_encode($rpc->call('resetter.List', true)), "\n";
    $s->get('/');
    $workers = $rpc->call('informer.Workers', 'http')['workers'];
    $w = $workers[0];
    echo 'workers: ', count($workers), ', keys: ', implode(',', array_keys($w)), "\n";
    $pids = array_column($workers, 'pid');
    sort($pids);
    $live = $s->workers();
    sort($live);
    printf("pids match the processes: %s, status %d %s, execs total %d, memory > 1 MB: %s, created within a minute: %s, command: %s\n",
        var_export($pids === $live, true), $w['status'], $w['statusStr'], array_sum(array_column($workers, 'numExecs')),
        var_export($w['memoryUsage'] > 1 << 20, true), var_export(abs(time() - intdiv($w['created'], 1000000000)) < 60, true),
        str_replace($s->dir, 'DIR', $w['command']));
    echo 'AddWorker: ', json_encode($rpc->call('informer.AddWorker', 'http')), "\n";
    $deadline = microtime(true) + 10;
    while (count($rpc->call('informer.Workers', 'http')['workers']) < 3 && microtime(true) < $deadline) {
        usleep(20000);
    }
    echo 'after AddWorker: ', count($rpc->call('informer.Workers', 'http')['workers']), "\n";
    echo 'RemoveWorker: ', json_encode($rpc->call('informer.RemoveWorker', 'http')), "\n";
    echo 'after RemoveWorker: ', count($rpc->call('informer.Workers', 'http')['workers']), "\n";
    echo 'Reset: ', json_encode($rpc->call('resetter.Reset', 'http')), "\n";
    $after = array_column($rpc->call('informer.Workers', 'http')['workers'], 'pid');
    echo 'all pids new after reset: ', var_export(!array_intersect($after, $pids) && count($after) === 2, true), "\n";
    // RoadRunner answers success on a pool of one and keeps its last worker.
    echo 'RemoveWorker down to one: ', json_encode($rpc->call('informer.RemoveWorker', 'http')),
        ', on a pool of one: ', json_encode($rpc->call('informer.RemoveWorker', 'http')),
        ', workers: ', count($rpc->call('informer.Workers', 'http')['workers']), "\n";
    echo 'rpc.Version: ', preg_match('/^\d+\.\d+\.\d+$/', $rpc->call('rpc.Version', true)) ? 'ok' : 'bad', "\n";
    $cfg = json_decode(base64_decode($rpc->call('rpc.Config', true)), true);
    echo 'rpc.Config: version ', $cfg['version'], ', num_workers ', json_encode($cfg['http']['pool']['num_workers']), ', command ', $cfg['server']['command'], "\n";
    foreach ([['informer.Workers', 'jobs'], ['informer.Workers', 42], ['informer.Nope', true], ['nope.Call', true], ['Nodot', true]] as [$method, $arg]) {
        try {
            $rpc->call($method, $arg);
            echo "$method: no error\n";
        } catch (ServiceException $e) {
            echo $method, ': ', str_replace($address, 'ADDR', $e->getMessage()), "\n";
        }
    }
    echo 'still usable: ', json_encode($rpc->call('informer.List', true)), "\n";
    // A broken frame closes its own connection only.
    $bad = new Rpc($address);
    $bad->sendRaw("this is not a goridge frame at all\n");
    echo 'garbage closes its connection: ', var_export($bad->closedByServer(), true), "\n";
    $bad2 = new Rpc($address);
    $bad2->sendRaw((new Frame(0x08, 'x', [1]))->encode());
    echo 'one option closes its connection: ', var_export($bad2->closedByServer(), true), "\n";
    $bad3 = new Rpc($address);
    $bad3->sendRaw((new Frame(0x08, 'ab', [1, 50]))->encode());
    echo 'method longer than payload closes its connection: ', var_export($bad3->closedByServer(), true), "\n";
    echo 'other connection still works: ', json_encode($rpc->call('resetter.List', true)), ', http ', $s->get('/')->status, "\n";
    echo 'stop: ', $s->stop(), "\n";
}
?>
--EXPECT--
== tcp://127.0.0.1:PORT
informer.List: ["http"]
resetter.List: ["http"]
workers: 2, keys: pid,status,numExecs,created,memoryUsage,CPUPercent,command,statusStr
pids match the processes: true, status 1 ready, execs total 1, memory > 1 MB: true, created within a minute: true, command: embed DIR/worker.php
AddWorker: true
after AddWorker: 3
RemoveWorker: true
after RemoveWorker: 2
Reset: true
all pids new after reset: true
RemoveWorker down to one: true, on a pool of one: true, workers: 1
rpc.Version: ok
rpc.Config: version 3, num_workers 2, command php worker.php
informer.Workers: Error 'informer.Workers: no plugin named 'jobs' has workers (plugins with workers: http)' on ADDR
informer.Workers: Error 'informer.Workers: expected a plugin name such as "http"' on ADDR
informer.Nope: Error 'rpc: can't find method informer.Nope' on ADDR
nope.Call: Error 'rpc: can't find service nope.Call' on ADDR
Nodot: Error 'rpc: service/method request ill-formed: Nodot' on ADDR
still usable: ["http"]
garbage closes its connection: true
one option closes its connection: true
method longer than payload closes its connection: true
other connection still works: ["http"], http 200
stop: 0
== unix://rpc.sock
informer.List: ["http"]
resetter.List: ["http"]
workers: 2, keys: pid,status,numExecs,created,memoryUsage,CPUPercent,command,statusStr
pids match the processes: true, status 1 ready, execs total 1, memory > 1 MB: true, created within a minute: true, command: embed DIR/worker.php
AddWorker: true
after AddWorker: 3
RemoveWorker: true
after RemoveWorker: 2
Reset: true
all pids new after reset: true
RemoveWorker down to one: true, on a pool of one: true, workers: 1
rpc.Version: ok
rpc.Config: version 3, num_workers 2, command php worker.php
informer.Workers: Error 'informer.Workers: no plugin named 'jobs' has workers (plugins with workers: http)' on ADDR
informer.Workers: Error 'informer.Workers: expected a plugin name such as "http"' on ADDR
informer.Nope: Error 'rpc: can't find method informer.Nope' on ADDR
nope.Call: Error 'rpc: can't find service nope.Call' on ADDR
Nodot: Error 'rpc: service/method request ill-formed: Nodot' on ADDR
still usable: ["http"]
garbage closes its connection: true
one option closes its connection: true
method longer than payload closes its connection: true
other connection still works: ["http"], http 200
stop: 0
