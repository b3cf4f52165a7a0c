--TEST--
Jobs conformance with embedded consumers (jobs.pool.mode: embed): the stock consumer loop runs in workers forked from a zygote of its own, RR_MODE=jobs, on the boltdb driver
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/conformance.inc';
conformance([
    'driver' => 'boltdb',
    'sections' => '',
    'pipeline' => "        file: jobs.db\n        priority: 10",
    'extra' => ['file' => 'extra.db'],
    'durable' => true,
    'command' => 'php -d memory_limit=64M consumer.php',
    'pool' => '    mode: embed',
]);
?>
--EXPECT--
== every job processed once
processed: 50
each once: true
context: ["bs","App\\Job\\Mail"], driver: boltdb
== requeue with delay and headers, fail, a consumer that dies
requeued: 2 deliveries, attempts header 0 then 1, a second or more apart: true
crashed consumer: delivered 2 time(s)
fail not redelivered: 1
== pause and resume
paused: 0 processed, active 3, ready false, driver boltdb
resumed: 3 processed
== a delayed push, a runtime pipeline
delayed: ran after its delay
extra: [["X","x1"]]
destroyed: ["extra"]
