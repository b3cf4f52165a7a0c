--TEST--
Jobs conformance on beanstalkd (driver beanstalk, a real beanstalkd on loopback, restarted mid-stream), plus a raw job another client puts into the tube
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/conformance.inc';
$binlog = sys_get_temp_dir() . '/rr-beanstalk-' . getmypid();
@mkdir($binlog);
$bs = RrTest\beanstalkd_server($binlog);
conformance([
    'driver' => 'beanstalk',
    'sections' => "beanstalk:\n  addr: tcp://127.0.0.1:{$bs->port}\n  timeout: 2s",
    'pipeline' => "        priority: 10",
    'overrides' => ['jobs.pipelines.bs.config.tube=rr-test', 'jobs.pipelines.bs.config.tube_priority=2',
        'jobs.pipelines.bs.config.reserve_timeout=1s'],
    'extra' => ['tube' => 'rr-extra', 'reserve_timeout' => '1s'],
    'durable' => true,
    'pause_settle' => 1300000, // a reserve already waiting takes at most reserve_timeout
    'more' => function ($jobs, $log, $waitFor) use ($bs) {
        echo "== a raw job put by another client\n";
        $jobs->resume('bs');
        $n = count($log());
        $raw = stream_socket_client("tcp://127.0.0.1:{$bs->port}");
        fwrite($raw, "use rr-test\r\nput 0 0 60 5\r\nhello\r\n");
        fgets($raw);
        fgets($raw);
        fclose($raw);
        $waitFor($n + 1);
        $last = array_slice($log(), -1)[0] ?? [];
        echo 'raw: ', json_encode([$last[1] ?? '-', $last[2] ?? '-']), "\n";
    },
    'restart' => [fn () => $bs->stop(), fn () => $bs->start($bs->port)],
    'address' => "127.0.0.1:{$bs->port}",
]);
$bs->stop();
array_map('unlink', glob("$binlog/*"));
@rmdir($binlog);
?>
--EXPECT--
== every job processed once
processed: 50
each once: true
context: ["bs","App\\Job\\Mail"], driver: beanstalk
== requeue with delay and headers, fail, a consumer that dies
requeued: 2 deliveries, attempts header 0 then 1, a second or more apart: true
crashed consumer: delivered 2 time(s)
fail not redelivered: 1
== pause and resume
paused: 0 processed, active 3, ready false, driver beanstalk
resumed: 3 processed
== a delayed push, a runtime pipeline
delayed: ran after its delay
extra: [["X","x1"]]
destroyed: ["extra"]
== a raw job put by another client
raw: ["beanstalk","hello"]
== the broker restarted mid-stream
push while down: an error naming the address
after the restart: all 200 pushed before it, 100 of 100 pushed after
the server logged the outage: true
