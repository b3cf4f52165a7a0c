--TEST--
Jobs conformance on the memory driver (a consumer that dies costs its job: reported and dropped)
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/conformance.inc';
conformance([
    'driver' => 'memory',
    'sections' => '',
    'pipeline' => "        priority: 10",
    'extra' => [],
    'durable' => false,
]);
?>
--EXPECT--
== every job processed once
processed: 50
each once: true
context: ["bs","App\\Job\\Mail"], driver: memory
== requeue with delay and headers, fail, a consumer that dies
requeued: 2 deliveries, attempts header 0 then 1, a second or more apart: true
crashed consumer: delivered 1 time(s)
fail not redelivered: 1
== pause and resume
paused: 0 processed, active 3, ready false, driver memory
resumed: 3 processed
== a delayed push, a runtime pipeline
delayed: ran after its delay
extra: [["X","x1"]]
destroyed: ["extra"]
