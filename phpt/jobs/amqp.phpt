--TEST--
Jobs conformance on RabbitMQ (driver amqp, a rabbitmq-server node of its own on loopback, restarted mid-stream; delays through a TTL queue dead-lettering back)
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/conformance.inc';
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
conformance([
    'driver' => 'amqp',
    'sections' => "amqp:\n  addr: amqp://guest:guest@127.0.0.1:{$bs->port}/",
    'pipeline' => "        priority: 10",
    'overrides' => ['jobs.pipelines.bs.config.queue=rr-test', 'jobs.pipelines.bs.config.exchange=rr-exchange',
        'jobs.pipelines.bs.config.exchange_type=direct', 'jobs.pipelines.bs.config.routing_key=rr-key',
        'jobs.pipelines.bs.config.durable=true', 'jobs.pipelines.bs.config.exchange_durable=true'],
    'extra' => ['queue' => 'rr-extra', 'exchange' => 'rr-exchange', 'routing_key' => 'rr-extra', 'exchange_durable' => 'true'],
    'durable' => true,
    'restart' => [fn () => $bs->stop(), fn () => $bs->start()],
    'address' => '127.0.0.1',
]);
$bs->remove();
?>
--EXPECT--
== every job processed once
processed: 50
each once: true
context: ["bs","App\\Job\\Mail"], driver: amqp
== requeue with delay and headers, fail, a consumer that dies
requeued: 2 deliveries, attempts header 0 then 1, a second or more apart: true
crashed consumer: delivered 2 time(s)
fail not redelivered: 1
== pause and resume
paused: 0 processed, active 3, ready false, driver amqp
resumed: 3 processed
== a delayed push, a runtime pipeline
delayed: ran after its delay
extra: [["X","x1"]]
destroyed: ["extra"]
== the broker restarted mid-stream
push while down: an error naming the address
after the restart: all 200 pushed before it, 100 of 100 pushed after
the server logged the outage: true
