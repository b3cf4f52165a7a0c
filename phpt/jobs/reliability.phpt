--TEST--
Jobs reliability (boltdb): kill -9 of the server while 10 000 acknowledged jobs are being consumed — after a restart every one is processed at least once; consumers SIGKILLed at random under load — every job still processed
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
require __DIR__ . '/../../tests/php/jobs.php';
$yaml = <<<YAML
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
  consume: [disk]
  pool:
    command: php -n consumer.php
    num_workers: 2
  pipelines:
    disk:
      driver: boltdb
      config:
        file: jobs.db
YAML;
$consumer = <<<'PHP'
<?php
require getenv('JOBS_CLIENT');
$c = new RrTest\Jobs\Consumer();
while ($t = $c->waitTask()) {
    file_put_contents(__DIR__ . '/done.log', $t['payload'] . "\n", FILE_APPEND | LOCK_EX);
    $c->ack();
}
PHP;
putenv('JOBS_CLIENT=' . realpath(__DIR__ . '/../../tests/php/jobs.php'));
$files = ['worker.php' => "<?php\nwhile (rr_handle_request(function () { echo 'ok'; })) {}\n", 'consumer.php' => $consumer,
    '.rr.yaml' => $yaml];
$s = RrTest\Server::startWith($files, ['-c', '.rr.yaml', 'serve']);
$connect = function () use ($s) {
    preg_match('#rpc on (tcp://127\.0\.0\.1:\d+)#', $s->log(), $m);
    $rpc = new RrTest\Goridge\Rpc($m[1]);
    return [$rpc, new RrTest\Jobs\Producer(fn (string $method, string $body) => $rpc->callProto($method, $body))];
};
[$rpc, $jobs] = $connect();
$done = fn () => array_filter(explode("\n", (string)@file_get_contents("$s->dir/done.log")));
$waitDistinct = function (array $expected, float $timeout) use ($done): int {
    $deadline = microtime(true) + $timeout;
    do {
        $missing = count(array_diff_key(array_flip($expected), array_flip($done())));
        if ($missing === 0) {
            return 0;
        }
        usleep(50000);
    } while (microtime(true) < $deadline);
    return $missing;
};

echo "== kill -9 of the server mid-stream\n";
$acked = [];
for ($b = 0; $b < 40; $b++) {
    $batch = array_map(fn ($i) => ['Durable', "k$i"], range($b * 250, $b * 250 + 249));
    $jobs->pushBatch('disk', $batch); // returns once stored: acknowledged
    array_push($acked, ...array_map(fn ($j) => $j[1], $batch));
}
$deadline = microtime(true) + 30;
while (count($done()) < 1000 && microtime(true) < $deadline) {
    usleep(5000);
}
$before = count(array_unique($done()));
$s->kill();
echo 'acknowledged pushes: ', count($acked), ', processed before the kill: ', $before > 0 && $before < 10000 ? 'some, not all' : $before, "\n";
unlink("$s->dir/server.log");
$s->launch(['-c', '.rr.yaml', 'serve']);
echo 'missing after the restart: ', $waitDistinct($acked, 60), "\n";
[$rpc, $jobs] = $connect();
echo 'left in the pipeline: ', $jobs->stat()['disk']['active'], "\n";

echo "== consumers SIGKILLed at random under load\n";
file_put_contents("$s->dir/done.log", '');
$second = array_map(fn ($i) => "c$i", range(0, 1999));
foreach (array_chunk($second, 200) as $chunk) {
    $jobs->pushBatch('disk', array_map(fn ($p) => ['Crashy', $p], $chunk));
}
$kills = 0;
$deadline = microtime(true) + 20;
while ($kills < 12 && count($done()) < 2000 && microtime(true) < $deadline) {
    $pids = array_map(fn ($w) => $w['pid'], $rpc->call('informer.Workers', 'jobs')['workers']);
    if ($pids) {
        posix_kill($pids[array_rand($pids)], SIGKILL) && $kills++;
    }
    usleep(random_int(20000, 80000));
}
echo 'consumers killed: ', $kills > 0 ? 'yes' : 'none', "\n";
echo 'missing: ', $waitDistinct($second, 60), "\n";
$s->stop();
?>
--EXPECT--
== kill -9 of the server mid-stream
acknowledged pushes: 10000, processed before the kill: some, not all
missing after the restart: 0
left in the pipeline: 0
== consumers SIGKILLed at random under load
consumers killed: yes
missing: 0
