<?php
// The jobs benchmark's producer: php producer.php RPC_ADDR TMP_DIR JOBS BROKER_JOBS PROBES PIPELINE...
// For each pipeline (bench_DRIVER): pushes JOBS (BROKER_JOBS for a broker) empty jobs in batches of 1000 while the 2
// consumers take them, and reports jobs/s from the first push until the pipeline is drained; then
// PROBES single jobs, 2 ms apart, each carrying its push time, and the consumers' p50 / p99 of
// push-to-consumer latency. Bounded: each drain waits at most 120 s.
require dirname(__DIR__, 3) . '/tests/php/jobs.php';
[, $addr, $tmp, $localJobs, $brokerJobs, $probes] = $argv;
$pipelines = array_slice($argv, 6);
$rpc = new RrTest\Goridge\Rpc($addr);
$jobs = new RrTest\Jobs\Producer(fn (string $method, string $body) => $rpc->callProto($method, $body));
$drain = function (string $pipeline) use ($jobs): bool {
    $deadline = microtime(true) + 120;
    do {
        $st = $jobs->stat()[$pipeline];
        if ($st['active'] === 0 && $st['reserved'] === 0 && $st['delayed'] === 0) {
            return true;
        }
        usleep(1000);
    } while (microtime(true) < $deadline);
    return false;
};
foreach ($pipelines as $pipeline) {
    $driver = substr($pipeline, 6);
    $n = in_array($driver, ['memory', 'boltdb'], true) ? (int) $localJobs : (int) $brokerJobs;
    $batch = array_fill(0, 1000, ['Bench', '']);
    $start = microtime(true);
    for ($pushed = 0; $pushed < $n; $pushed += 1000) {
        $jobs->pushBatch($pipeline, $batch);
    }
    $pushedIn = microtime(true) - $start;
    if (!$drain($pipeline)) {
        fwrite(STDERR, "$driver: not drained in 120 s\n");
        exit(1);
    }
    $total = microtime(true) - $start;
    printf("%-7s push+consume %d empty jobs, 2 consumers: %.0f jobs/s (pushes alone: %.0f jobs/s)\n", $driver, $n,
        $n / $total, $n / $pushedIn);
    for ($i = 0; $i < $probes; $i++) {
        $jobs->push($pipeline, 'Probe', 't:' . sprintf('%.6f', microtime(true)));
        usleep(2000);
    }
    $drain($pipeline);
    usleep(100000);
    $lat = array_map('intval', array_filter(explode("\n", (string) @file_get_contents("$tmp/latency-$pipeline.log"))));
    sort($lat);
    if (count($lat) < $probes) {
        fwrite(STDERR, "$driver: only " . count($lat) . " of $probes probes arrived\n");
        exit(1);
    }
    $pct = fn (float $p) => $lat[min(count($lat) - 1, (int) floor($p * count($lat)))];
    printf("%-7s latency push -> consumer (%d single pushes): p50 %d us, p99 %d us\n", $driver, count($lat), $pct(0.5), $pct(0.99));
}
