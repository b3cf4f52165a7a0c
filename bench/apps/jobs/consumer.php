<?php
// The jobs benchmark's consumer (RR_MODE=jobs): acks every job; a payload "t:<microtime>" is a latency
// probe, whose time from push to here goes to latency-<pipeline>.log beside this file's copy.
require getenv('RR_BENCH_SRC') . '/tests/php/jobs.php';
$c = new RrTest\Jobs\Consumer();
$dir = getenv('RR_BENCH_TMP');
while ($t = $c->waitTask()) {
    if (str_starts_with($t['payload'], 't:')) {
        $us = (int) round((microtime(true) - (float) substr($t['payload'], 2)) * 1e6);
        file_put_contents("$dir/latency-{$t['pipeline']}.log", "$us\n", FILE_APPEND);
    }
    $c->ack();
}
