--TEST--
Jobs plugin: memory and boltdb pipelines fed over RPC as spiral/roadrunner-jobs sends (jobs.Push, PushBatch, Pause, Resume, List, Declare, Destroy, Stat; jobs.v1 over the proto codec) and consumed by exec'd goridge workers (RR_MODE=jobs) answering as its Consumer does: every job processed, priorities, requeue with delay and headers, nack, a consumer that dies (boltdb: redelivered), a runtime pipeline, bad calls; boltdb keeps every acknowledged push through kill -9
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
require __DIR__ . '/../../tests/php/jobs.php';
$consumer = <<<'PHP'
<?php
require getenv('JOBS_CLIENT');
$c = new RrTest\Jobs\Consumer();
$mode = getenv('RR_MODE');
while ($t = $c->waitTask()) {
    $attempts = $t['headers']['attempts'][0] ?? '0';
    file_put_contents(__DIR__ . '/done.log', json_encode([$t['pipeline'], $t['job'], $t['payload'], $attempts, $mode, $t['driver'], time()]) . "\n", FILE_APPEND | LOCK_EX);
    switch ($t['payload']) {
        case 'requeue-once':
            $attempts === '0' ? $c->requeue('again', 1, ['attempts' => ['1']]) : $c->ack();
            break;
        case 'nack':
            $c->nack('no thanks');
            break;
        case 'fail':
            $c->fail('broken', false);
            break;
        case 'crash-once':
            if (!file_exists(__DIR__ . '/crashed')) {
                touch(__DIR__ . '/crashed');
                exit(1);
            }
            $c->ack();
            break;
        default:
            $c->ack();
    }
}
PHP;
$yaml = fn (string $consume) => <<<YAML
version: '3'
server:
  command: php -n worker.php
http:
  address: 127.0.0.1:0
  pool:
    num_workers: 1
rpc:
  listen: tcp://127.0.0.1:0
jobs:
  consume: [$consume]
  pool:
    command: php -n consumer.php
    num_workers: 1
  pipelines:
    mem:
      driver: memory
      config:
        priority: 10
    disk:
      driver: boltdb
      config:
        file: jobs.db
        priority: 10
YAML;
putenv('JOBS_CLIENT=' . realpath(__DIR__ . '/../../tests/php/jobs.php'));
$files = ['consumer.php' => $consumer, 'worker.php' => "<?php\nwhile (rr_handle_request(function () { echo 'ok'; })) {}\n",
    '.rr.yaml' => $yaml('mem, disk')];
$s = RrTest\Server::startWith($files, ['-c', '.rr.yaml', 'serve']);
$rpcAddr = fn () => preg_match('#rpc on (tcp://127\.0\.0\.1:\d+)#', $s->log(), $m) ? $m[1] : '';
$rpc = new RrTest\Goridge\Rpc($rpcAddr());
$jobs = new RrTest\Jobs\Producer(fn (string $method, string $body) => $rpc->callProto($method, $body));
$log = fn () => array_map(fn ($l) => json_decode($l, true), array_filter(explode("\n", (string)@file_get_contents("$s->dir/done.log"))));
$waitFor = function (int $n, float $timeout = 30.0) use ($log) { // until $n jobs were handed to consumers
    $deadline = microtime(true) + $timeout;
    while (count($log()) < $n && microtime(true) < $deadline) {
        usleep(20000);
    }
    return count($log());
};

echo "== every job processed once\n";
for ($i = 0; $i < 50; $i++) {
    $jobs->push('mem', 'App\\Job\\Mail', "m$i");
}
$jobs->pushBatch('disk', array_map(fn ($i) => ['App\\Job\\Bill', "d$i"], range(0, 49)));
echo 'processed: ', $waitFor(100), "\n";
$seen = array_count_values(array_map(fn ($e) => $e[2], $log()));
echo 'each once: ', var_export(count($seen) === 100 && max($seen) === 1, true), "\n";
echo 'context: ', json_encode(array_slice($log()[0], 0, 2)), ' RR_MODE=', $log()[0][4], ', drivers: ',
    implode(',', array_unique(array_map(fn ($e) => $e[5], $log()))), "\n";

echo "== priorities, pause and stat\n";
$jobs->pause('mem');
$jobs->push('mem', 'Low', 'low', [], ['priority' => 20]);
$jobs->push('mem', 'High', 'high', [], ['priority' => 1]);
$jobs->push('mem', 'Later', 'later', [], ['delay' => 60]);
$st = $jobs->stat()['mem'];
echo 'paused stat: ', json_encode($st), "\n";
$jobs->resume('mem');
$waitFor(102);
echo 'order: ', implode(',', array_map(fn ($e) => $e[2], array_slice($log(), 100, 2))), "\n";

echo "== requeue with delay and headers, nack, fail\n";
$jobs->push('mem', 'Retry', 'requeue-once');
$jobs->push('mem', 'Nack', 'nack');
$jobs->push('mem', 'Fail', 'fail');
$waitFor(106);
$retries = array_values(array_filter($log(), fn ($e) => $e[2] === 'requeue-once'));
echo 'requeued: ', count($retries), ' deliveries, attempts header ', $retries[0][3], ' then ', $retries[1][3] ?? '-',
    ', a second or more apart: ', var_export(($retries[1][6] ?? 0) - $retries[0][6] >= 1, true), "\n";
usleep(300000);
echo 'nack and fail not redelivered: ', count(array_filter($log(), fn ($e) => in_array($e[2], ['nack', 'fail'], true))), "\n";

echo "== a consumer that dies: boltdb redelivers\n";
$jobs->push('disk', 'Crash', 'crash-once');
$waitFor(108);
echo 'deliveries: ', count(array_filter($log(), fn ($e) => $e[2] === 'crash-once')), "\n";

echo "== runtime pipeline (Declare as the stock client sends it), List, Destroy\n";
$jobs->declare(['driver' => 'memory', 'name' => 'extra', 'priority' => '10', 'prefetch' => '10']);
echo 'list: ', json_encode($jobs->list()), ', consuming: ', var_export($jobs->stat()['extra']['ready'], true), "\n";
$jobs->push('extra', 'X', 'x1');
$jobs->resume('extra');
$waitFor(109);
$all = $log();
echo 'processed: ', end($all)[2] ?? '-', "\n";
echo 'destroyed: ', json_encode($jobs->destroy('extra')), ', list: ', json_encode($jobs->list()), "\n";

echo "== bad calls\n";
foreach ([fn () => $jobs->push('nope', 'X', 'x'), fn () => $jobs->push('mem', 'X', 'x', [], [], ''),
          fn () => $jobs->declare(['driver' => 'memory', 'name' => 'mem']), fn () => $jobs->declare(['driver' => 'sqs', 'name' => 'q']),
          fn () => $jobs->pause('nope'), fn () => $rpc->call('jobs.List', true)] as $bad) {
    try {
        $bad();
        echo "no error\n";
    } catch (Throwable $e) {
        echo preg_replace("/^Error '(.*)' on .*$/s", '$1', $e->getMessage()), "\n";
    }
}

echo "== boltdb keeps acknowledged pushes through kill -9\n";
$jobs->pause('disk');
for ($i = 0; $i < 200; $i++) {
    $jobs->push('disk', 'Durable', "k$i"); // each acknowledged before the next
}
echo 'waiting: ', $jobs->stat()['disk']['active'], "\n";
$s->kill();
unlink("$s->dir/server.log");
file_put_contents("$s->dir/done.log", '');
$s->launch(['-c', '.rr.yaml', 'serve']);
echo 'after restart: ', $waitFor(200), " processed, ",
    count(array_unique(array_map(fn ($e) => $e[2], $log()))), " distinct\n";
$s->stop();
?>
--EXPECT--
== every job processed once
processed: 100
each once: true
context: ["mem","App\\Job\\Mail"] RR_MODE=jobs, drivers: memory,boltdb
== priorities, pause and stat
paused stat: {"driver":"memory","queue":"mem","active":2,"delayed":1,"reserved":0,"ready":false,"priority":10}
order: high,low
== requeue with delay and headers, nack, fail
requeued: 2 deliveries, attempts header 0 then 1, a second or more apart: true
nack and fail not redelivered: 2
== a consumer that dies: boltdb redelivers
deliveries: 2
== runtime pipeline (Declare as the stock client sends it), List, Destroy
list: ["disk","extra","mem"], consuming: false
processed: x1
destroyed: ["extra"], list: ["disk","mem"]
== bad calls
jobs.Push: no such pipeline, requested: nope
jobs.Push: empty ID field not allowed
jobs.Declare: pipeline already exists: mem
jobs.Declare: pipeline q: driver 'sqs' is not supported by rr-php: memory, boltdb, beanstalk, nats or amqp
jobs.Pause: no such pipeline: nope
jobs.List: takes the proto codec (jobs.v1 messages), got flags 0x08
== boltdb keeps acknowledged pushes through kill -9
waiting: 200
after restart: 200 processed, 200 distinct
