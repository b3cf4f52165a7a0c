--TEST--
Jobs conformance on NATS JetStream (driver nats, a real nats-server on loopback, restarted mid-stream)
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/conformance.inc';
$store = sys_get_temp_dir() . '/rr-nats-' . getmypid();
@mkdir($store);
$bs = RrTest\nats_server($store);
conformance([
    'driver' => 'nats',
    'sections' => "nats:\n  addr: nats://127.0.0.1:{$bs->port}",
    'pipeline' => "        subject: rr.test\n        stream: rr-test\n        priority: 10",
    'extra' => ['subject' => 'rr.extra', 'stream' => 'rr-extra'],
    'durable' => true,
    'restart' => [fn () => $bs->stop(), fn () => $bs->start($bs->port)],
    'address' => "127.0.0.1:{$bs->port}",
    'overrides' => ['logs.level=debug'], // the driver's trace, printed when a section goes wrong
    'more' => function ($jobs, $log, $waitFor) {
        // Held by rr-php longer than the consumer's ack wait (30 s): told in progress meanwhile, it is
        // not delivered a second time.
        echo "== a job delayed by 32 s\n";
        $n = count($log());
        $pushedAt = microtime(true);
        $jobs->push('bs', 'Long', 'long', [], ['delay' => 32]);
        $waitFor($n + 1, 50.0);
        usleep(1500000); // a second delivery would run now
        $long = array_values(array_filter($log(), fn ($e) => $e[2] === 'long'));
        $ranAfter = isset($long[0]) ? $long[0][5] - $pushedAt : -1;
        echo 'long: ran ', count($long), ' time(s), ', $ranAfter >= 31.9 && $ranAfter < 36 ? 'after its delay' : "after $ranAfter s", "\n";
    },
]);
$bs->stop();
exec('rm -rf ' . escapeshellarg($store));
?>
--EXPECT--
== every job processed once
processed: 50
each once: true
context: ["bs","App\\Job\\Mail"], driver: nats
== requeue with delay and headers, fail, a consumer that dies
requeued: 2 deliveries, attempts header 0 then 1, a second or more apart: true
crashed consumer: delivered 2 time(s)
fail not redelivered: 1
== pause and resume
paused: 0 processed, active 3, ready false, driver nats
resumed: 3 processed
== a delayed push, a runtime pipeline
delayed: ran after its delay
extra: [["X","x1"]]
destroyed: ["extra"]
== a job delayed by 32 s
long: ran 1 time(s), after its delay
== the broker restarted mid-stream
push while down: an error naming the address
after the restart: all 200 pushed before it, 100 of 100 pushed after
the server logged the outage: true
