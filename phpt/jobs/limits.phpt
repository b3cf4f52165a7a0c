--TEST--
Jobs limits: config.prefetch bounds the jobs of a pipeline handed out at once, jobs.pipeline_size bounds a memory pipeline (a push beyond it is an RPC error, the pipeline goes on), config.permissions sets a new boltdb file's mode, jobs.num_pollers is accepted
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
  num_pollers: 4
  pipeline_size: 3
  consume: [one_at_a_time, disk]
  pool:
    command: php -n consumer.php
    num_workers: 2
  pipelines:
    one_at_a_time:
      driver: memory
      config:
        prefetch: 1
    held:
      driver: memory
    disk:
      driver: boltdb
      config:
        file: jobs.db
        permissions: 0600
YAML;
$consumer = <<<'PHP'
<?php
require getenv('JOBS_CLIENT');
$c = new RrTest\Jobs\Consumer();
while ($t = $c->waitTask()) {
    $start = microtime(true);
    usleep(150000);
    file_put_contents(__DIR__ . '/spans.log', json_encode([$t['payload'], $start, microtime(true)]) . "\n", FILE_APPEND | LOCK_EX);
    $c->ack();
}
PHP;
putenv('JOBS_CLIENT=' . realpath(__DIR__ . '/../../tests/php/jobs.php'));
$files = ['worker.php' => "<?php\nwhile (rr_handle_request(function () { echo 'ok'; })) {}\n", 'consumer.php' => $consumer,
    '.rr.yaml' => $yaml];
$s = RrTest\Server::startWith($files, ['-c', '.rr.yaml', 'serve']);
preg_match('#rpc on (tcp://127\.0\.0\.1:\d+)#', $s->log(), $m);
$rpc = new RrTest\Goridge\Rpc($m[1]);
$jobs = new RrTest\Jobs\Producer(fn (string $method, string $body) => $rpc->callProto($method, $body));

for ($i = 0; $i < 3; $i++) {
    $jobs->push('one_at_a_time', 'Slow', "s$i");
}
$spans = fn () => array_map(fn ($l) => json_decode($l, true), array_filter(explode("\n", (string)@file_get_contents("$s->dir/spans.log"))));
$deadline = microtime(true) + 20;
while (count($spans()) < 3 && microtime(true) < $deadline) {
    usleep(20000);
}
$list = $spans();
usort($list, fn ($a, $b) => $a[1] <=> $b[1]);
$overlap = false;
for ($i = 1; $i < count($list); $i++) {
    $overlap = $overlap || $list[$i][1] < $list[$i - 1][2];
}
echo 'prefetch 1 with 2 consumers: ', count($list), ' jobs, one at a time: ', var_export(!$overlap, true), "\n";

for ($i = 0; $i < 3; $i++) {
    $jobs->push('held', 'Wait', "h$i");
}
try {
    $jobs->push('held', 'Wait', 'h3');
    echo "4th push accepted\n";
} catch (Throwable $e) {
    echo preg_replace("/^Error '(.*)' on .*$/s", '$1', $e->getMessage()), "\n";
}
echo 'held: ', $jobs->stat()['held']['active'], " waiting\n";

$jobs->push('disk', 'D', 'd1');
clearstatcache();
printf("boltdb file mode: %o\n", fileperms("$s->dir/jobs.db") & 0777);
echo 'no warning about num_pollers: ', var_export(!preg_match('/num_pollers/', $s->log()), true), "\n";
$s->stop();
?>
--EXPECT--
prefetch 1 with 2 consumers: 3 jobs, one at a time: true
jobs.Push: pipeline held is full: 3 jobs wait (jobs.pipeline_size)
held: 3 waiting
boltdb file mode: 600
no warning about num_pollers: true
