--TEST--
Jobs on RabbitMQ (driver amqp, a real rabbitmq-server node of its own on loopback): every job processed once, requeue with delay (a TTL queue dead-lettering back) and headers, fail, a consumer that dies (delivered again), pause/resume with the queue's counts, a runtime pipeline on another queue, RabbitMQ down (a clear push error) and restarted mid-stream (reconnect, nothing lost from a durable queue)
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
require __DIR__ . '/../../tests/php/jobs.php';
// A RabbitMQ node of its own: its port, its data, killed as a process group.
final class Rabbit
{
    public int $port;
    private int $dist;
    private string $dir;
    private $proc = null;

    public function __construct()
    {
        $this->port = RrTest\free_port();
        $this->dist = RrTest\free_port();
        $this->dir = sys_get_temp_dir() . '/rr-rabbit-' . getmypid();
        foreach (['', '/mnesia', '/log'] as $d) {
            @mkdir($this->dir . $d);
        }
        file_put_contents("$this->dir/plugins", "[].\n");
        $this->start();
    }

    public function start(): void
    {
        $env = ['RABBITMQ_NODENAME' => 'rr' . getmypid() . '@localhost', 'RABBITMQ_NODE_PORT' => (string)$this->port,
            'RABBITMQ_DIST_PORT' => (string)$this->dist, 'RABBITMQ_MNESIA_BASE' => "$this->dir/mnesia",
            'RABBITMQ_LOG_BASE' => "$this->dir/log", 'RABBITMQ_ENABLED_PLUGINS_FILE' => "$this->dir/plugins",
            'RABBITMQ_CONFIG_FILE' => "$this->dir/none", 'PATH' => getenv('PATH'), 'HOME' => $this->dir];
        $booted = substr_count((string)@file_get_contents("$this->dir/out.log"), 'Starting broker... completed');
        // The script below Debian's wrapper (which switches user through su, in a session of its own):
        // the broker stays in this process group, so stop() can kill all of it.
        $this->proc = proc_open(['setsid', '/usr/lib/rabbitmq/bin/rabbitmq-server'], [0 => ['file', '/dev/null', 'r'], 1 => ['file', "$this->dir/out.log", 'a'],
            2 => ['file', "$this->dir/out.log", 'a']], $pipes, $this->dir, $env);
        $deadline = microtime(true) + 60;
        while (microtime(true) < $deadline) { // the port opens before the default vhost is ready
            if (substr_count((string)@file_get_contents("$this->dir/out.log"), 'Starting broker... completed') > $booted) {
                return;
            }
            usleep(100000);
        }
        throw new RuntimeException("rabbitmq-server did not start:\n" . @file_get_contents("$this->dir/out.log"));
    }

    public function stop(): void
    {
        if ($this->proc !== null) {
            posix_kill(-proc_get_status($this->proc)['pid'], SIGKILL);
            proc_close($this->proc);
            $this->proc = null;
            $deadline = microtime(true) + 10;
            while (microtime(true) < $deadline && ($c = @stream_socket_client("tcp://127.0.0.1:$this->port", $e, $s, 1)) !== false) {
                fclose($c);
                usleep(50000);
            }
        }
    }

    public function remove(): void
    {
        $this->stop();
        exec('rm -rf ' . escapeshellarg($this->dir));
    }
}
$bs = new Rabbit();
$consumer = <<<'PHP'
<?php
require getenv('JOBS_CLIENT');
$c = new RrTest\Jobs\Consumer();
while ($t = $c->waitTask()) {
    $attempts = $t['headers']['attempts'][0] ?? '0';
    file_put_contents(__DIR__ . '/done.log', json_encode([$t['pipeline'], $t['job'], $t['payload'], $attempts, $t['driver'], microtime(true)]) . "\n", FILE_APPEND | LOCK_EX);
    switch ($t['payload']) {
        case 'requeue-once':
            $attempts === '0' ? $c->requeue('again', 1, ['attempts' => ['1']]) : $c->ack();
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
        case 'slow':
            usleep(5000);
            $c->ack();
            break;
        default:
            $c->ack();
    }
}
PHP;
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
amqp:
  addr: amqp://guest:guest@127.0.0.1:{$bs->port}/
jobs:
  consume: [bs]
  pool:
    command: php -n consumer.php
    num_workers: 2
  pipelines:
    bs:
      driver: amqp
      config:
        queue: rr-test
        exchange: rr-exchange
        exchange_type: direct
        routing_key: rr-key
        durable: true
        exchange_durable: true
        priority: 10
YAML;
putenv('JOBS_CLIENT=' . realpath(__DIR__ . '/../../tests/php/jobs.php'));
$s = RrTest\Server::startWith(['consumer.php' => $consumer, 'worker.php' => "<?php\nwhile (rr_handle_request(function () { echo 'ok'; })) {}\n",
    '.rr.yaml' => $yaml], ['-c', '.rr.yaml', 'serve']);
preg_match('#rpc on (tcp://127\.0\.0\.1:\d+)#', $s->log(), $m);
$rpc = new RrTest\Goridge\Rpc($m[1]);
$jobs = new RrTest\Jobs\Producer(fn (string $method, string $body) => $rpc->callProto($method, $body));
$log = fn () => array_map(fn ($l) => json_decode($l, true), array_filter(explode("\n", (string)@file_get_contents("$s->dir/done.log"))));
$waitFor = function (int $n, float $timeout = 30.0) use ($log) {
    $deadline = microtime(true) + $timeout;
    while (count($log()) < $n && microtime(true) < $deadline) {
        usleep(20000);
    }
    return count($log());
};
$stat = function () use ($jobs) {
    $st = $jobs->stat()['bs'];
    return "active {$st['active']}, delayed {$st['delayed']}, ready " . var_export($st['ready'], true) . ", driver {$st['driver']}";
};

echo "== every job processed once\n";
for ($i = 0; $i < 20; $i++) {
    $jobs->push('bs', 'App\\Job\\Mail', "m$i");
}
$jobs->pushBatch('bs', array_map(fn ($i) => ['App\\Job\\Bill', "b$i"], range(0, 29)));
echo 'processed: ', $waitFor(50), "\n";
$seen = array_count_values(array_map(fn ($e) => $e[2], $log()));
echo 'each once: ', var_export(count($seen) === 50 && max($seen) === 1, true), "\n";
echo 'context: ', json_encode(array_slice($log()[0], 0, 2)), ', driver: ', $log()[0][4], "\n";

echo "== requeue with delay and headers, fail, a consumer that dies\n";
$jobs->push('bs', 'Retry', 'requeue-once');
$jobs->push('bs', 'Fail', 'fail');
$jobs->push('bs', 'Crash', 'crash-once');
$waitFor(55);
$retries = array_values(array_filter($log(), fn ($e) => $e[2] === 'requeue-once'));
echo 'requeued: ', count($retries), ' deliveries, attempts header ', $retries[0][3], ' then ', $retries[1][3] ?? '-',
    ', a second or more apart: ', var_export(($retries[1][5] ?? 0) - $retries[0][5] >= 1, true), "\n";
echo 'crashed consumer: delivered ', count(array_filter($log(), fn ($e) => $e[2] === 'crash-once')), " times\n";
usleep(300000);
echo 'fail not redelivered: ', count(array_filter($log(), fn ($e) => $e[2] === 'fail')), "\n";

echo "== pause and resume\n";
$jobs->pause('bs');
usleep(300000);
$before = count($log());
for ($i = 0; $i < 3; $i++) {
    $jobs->push('bs', 'Held', "p$i");
}
usleep(300000);
echo 'paused: ', count($log()) - $before, ' processed, ', $stat(), "\n";
$jobs->resume('bs');
$waitFor($before + 3);
echo 'resumed: ', count($log()) - $before, " processed\n";

echo "== a delayed push, a runtime pipeline on another queue\n";
$pushedAt = microtime(true);
$jobs->push('bs', 'Later', 'later', [], ['delay' => 2]);
$jobs->declare(['driver' => 'amqp', 'name' => 'extra', 'queue' => 'rr-extra', 'exchange' => 'rr-exchange', 'routing_key' => 'rr-extra', 'exchange_durable' => 'true']);
$jobs->push('extra', 'X', 'x1');
$jobs->resume('extra');
$waitFor($before + 5);
$later = array_values(array_filter($log(), fn ($e) => $e[2] === 'later'));
echo 'delayed: ran after ', isset($later[0]) && $later[0][5] - $pushedAt >= 1.9 ? 'its delay' : 'too early or not at all', "\n";
$extra = array_values(array_filter($log(), fn ($e) => $e[0] === 'extra'));
echo 'extra: ', json_encode(array_map(fn ($e) => [$e[1], $e[2]], $extra)), "\n";
echo 'destroyed: ', json_encode($jobs->destroy('extra')), "\n";

echo "== RabbitMQ restarted mid-stream\n";
file_put_contents("$s->dir/done.log", '');
$expected = [];
for ($i = 0; $i < 200; $i++) {
    $jobs->push('bs', 'Slow', 'slow');
}
$bs->stop();
try {
    $jobs->push('bs', 'X', 'while-down');
    echo "push while down: accepted?\n";
} catch (Throwable $e) {
    echo 'push while down: ', str_contains($e->getMessage(), "127.0.0.1") ? 'error naming the address' : $e->getMessage(), "\n";
}
$bs->start();
for ($i = 0; $i < 100; $i++) {
    $jobs->push('bs', 'After', "a$i");
}
$deadline = microtime(true) + 60;
do {
    usleep(50000);
    $entries = $log();
    $slow = count(array_filter($entries, fn ($e) => $e[2] === 'slow'));
    $after = count(array_unique(array_map(fn ($e) => $e[2], array_filter($entries, fn ($e) => $e[1] === 'After'))));
} while (($slow < 200 || $after < 100) && microtime(true) < $deadline);
echo 'after the restart: ', $slow >= 200 ? 'all 200 pushed before it' : "$slow of 200", ', ', $after, " of 100 pushed after\n";
echo 'the server logged the outage: ', var_export(str_contains($s->log(), 'jobs: pipeline bs: amqp'), true), "\n";
$s->stop();
$bs->remove();
?>
--EXPECT--
== every job processed once
processed: 50
each once: true
context: ["bs","App\\Job\\Mail"], driver: amqp
== requeue with delay and headers, fail, a consumer that dies
requeued: 2 deliveries, attempts header 0 then 1, a second or more apart: true
crashed consumer: delivered 2 times
fail not redelivered: 1
== pause and resume
paused: 0 processed, active 3, delayed 0, ready false, driver amqp
resumed: 3 processed
== a delayed push, a runtime pipeline on another queue
delayed: ran after its delay
extra: [["X","x1"]]
destroyed: ["extra"]
== RabbitMQ restarted mid-stream
push while down: error naming the address
after the restart: all 200 pushed before it, 100 of 100 pushed after
the server logged the outage: true
