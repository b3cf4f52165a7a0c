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
== the broker restarted mid-stream
push while down: an error naming the address
after the restart: all 200 pushed before it, 100 of 100 pushed after
the server logged the outage: true
