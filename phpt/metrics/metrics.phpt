--TEST--
Metrics plugin: /metrics on metrics.address read by prometheus_client's own text and OpenMetrics parsers; RoadRunner's pool gauges and http_metrics series (status, duration buckets, requests in flight, no free workers); application collectors from metrics.collect and over RPC as spiral/roadrunner-metrics calls them (Declare, Add, Sub, Set, Observe, Unregister with labels); bad calls (label count, unknown collector, duplicate declaration) are RPC errors and the scrape goes on
--EXTENSIONS--
posix
--SKIPIF--
<?php if (!is_file('/usr/lib/python3/dist-packages/prometheus_client/parser.py')) die('skip python3-prometheus-client is not installed (scripts/deps.sh test installs it)'); ?>
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = <<<'PHP'
<?php
while (rr_handle_request(function () {
    $p = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
    if ($p === '/hold') { // busy until the test says so (at most 10 s)
        for ($i = 0; $i < 1000 && !file_exists(__DIR__ . '/release'); $i++) { usleep(10000); }
        echo 'released';
        return;
    }
    if ($p === '/app') {
        $call = function (string $method, $arg) {
            try {
                return json_encode(rr_rpc($method, $arg));
            } catch (RR\RpcException $e) {
                return $e->getMessage();
            }
        };
        // What spiral/roadrunner-metrics sends: Collector::toArray() under "collector".
        $orders = ['namespace' => 'shop', 'subsystem' => '', 'type' => 'counter', 'help' => 'Orders "placed"',
                   'labels' => ['type', 'country'], 'buckets' => [], 'objectives' => null];
        $out = [];
        $out[] = 'declare: ' . $call('metrics.Declare', ['name' => 'orders', 'collector' => $orders]);
        $out[] = 'declare again: ' . $call('metrics.Declare', ['name' => 'orders', 'collector' => $orders]);
        $out[] = 'add: ' . $call('metrics.Add', ['name' => 'orders', 'value' => 1, 'labels' => ['book', 'de']]);
        $call('metrics.Add', ['name' => 'orders', 'value' => 2.5, 'labels' => ['book', 'de']]);
        $call('metrics.Add', ['name' => 'orders', 'value' => 1, 'labels' => ['pen', 'fr']]);
        $out[] = 'label count: ' . $call('metrics.Add', ['name' => 'orders', 'value' => 1, 'labels' => ['book']]);
        $out[] = 'unknown: ' . $call('metrics.Add', ['name' => 'nope', 'value' => 1]);
        $out[] = 'sub on a counter: ' . $call('metrics.Sub', ['name' => 'orders', 'value' => 1, 'labels' => ['book', 'de']]);
        $out[] = 'bad type: ' . $call('metrics.Declare', ['name' => 'x', 'collector' => ['type' => 'meter']]);
        $out[] = 'bad name: ' . $call('metrics.Declare', ['name' => 'has space', 'collector' => ['type' => 'gauge']]);
        $call('metrics.Set', ['name' => 'queue_depth', 'value' => 7]);
        $call('metrics.Sub', ['name' => 'queue_depth', 'value' => 2]);
        foreach ([0.05, 0.3, 0.7, 3] as $v) {
            $call('metrics.Observe', ['name' => 'latency', 'value' => $v, 'labels' => ['api']]);
        }
        foreach (range(1, 100) as $v) {
            $call('metrics.Observe', ['name' => 'sizes', 'value' => $v]);
        }
        $call('metrics.Declare', ['name' => 'temp', 'collector' => ['type' => 'gauge']]);
        $out[] = 'unregister: ' . $call('metrics.Unregister', 'temp') . ' again: ' . $call('metrics.Unregister', 'temp');
        echo implode("\n", $out);
        return;
    }
    echo 'ok';
})) {}
PHP;
$yaml = <<<'YAML'
version: '3'
server:
  command: php worker.php
http:
  address: 127.0.0.1:0
  middleware: [http_metrics]
  pool:
    num_workers: 1
    wait_timeout: 300ms
    prefetch: false
metrics:
  address: 127.0.0.1:0
  collect:
    queue_depth:
      type: gauge
      help: Jobs waiting
    latency:
      type: histogram
      namespace: app
      labels: [endpoint]
      buckets: [0.1, 0.5, 1]
    sizes:
      type: summary
      objectives:
        - 0.5: 0.05
        - 0.9: 0.01
YAML;
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml], ['-c', '.rr.yaml', 'serve']);
preg_match('#metrics on (http://127\.0\.0\.1:\d+)#', $s->log(), $m);
$metricsUrl = "$m[1]/metrics";
$scrape = function (bool $openmetrics = false) use ($metricsUrl): string {
    [$rc, $out] = RrTest\curl(array_merge(['-s', '-D', '-'], $openmetrics ? ['-H', 'Accept: application/openmetrics-text; version=1.0.0'] : [], [$metricsUrl]));
    [$head, $body] = explode("\r\n\r\n", $out, 2);
    preg_match('/^content-type: (.*)$/mi', $head, $ct);
    $p = proc_open(array_merge(['/usr/bin/python3', __DIR__ . '/scrape.py'], $openmetrics ? ['--openmetrics'] : []),
        [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    fwrite($pipes[0], $body);
    fclose($pipes[0]);
    $parsed = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    if (proc_close($p) !== 0) {
        return "PARSE FAILED: $err\n$body";
    }
    return "content-type: " . trim($ct[1]) . "\n" . $parsed;
};
$pick = function (string $parsed, string $pattern): string {
    return implode("\n", array_filter(explode("\n", $parsed), fn ($l) => preg_match($pattern, $l))) . "\n";
};

echo "== app collectors over rr_rpc\n", $s->get('/app')->body, "\n";
for ($i = 0; $i < 3; $i++) {
    $s->get('/');
}
$s->get('/missing-is-still-200');
$text = $scrape();
echo strtok($text, "\n"), "\n";
echo $pick($text, '/^(shop_orders|queue_depth|app_latency|sizes)/');
echo "== RoadRunner's series\n";
$pid = $s->workers()[0];
echo str_replace((string)$pid, 'PID', $pick($text, '/^rr_http_(total_workers|workers_ready|workers_working|workers_invalid|worker_state|request_total|requests_queue|no_free_workers_total|requests_by_method)/'));
echo $pick($text, '/^rr_http_request_duration_seconds_(bucket\{le="(0\.005|60|\+Inf)"|count)/');
echo 'memory gauges: ', preg_match('/^rr_http_worker_memory_bytes\{pid="\d+"\} [1-9]\d* \[gauge\]$/m', $text)
    && preg_match('/^rr_http_workers_memory_bytes\{\} [1-9]\d* \[gauge\]$/m', $text) ? 'set' : 'MISSING', "\n";
echo 'process metrics: ', preg_match('/^process_resident_memory_bytes\{\} [1-9]/m', $text)
    && preg_match('/^process_start_time_seconds\{\} [1-9]/m', $text) && preg_match('/^process_open_fds\{\} [1-9]/m', $text) ? 'set' : 'MISSING', "\n";

echo "== a busy only worker: in flight, then no free worker\n";

$c = $s->connect();
$c->send(RrTest\build_request('GET', '/hold'));
for ($i = 0; $i < 100 && !str_contains($text = $scrape(), 'rr_http_workers_working{} 1'); $i++) { // at most 10 s
    usleep(100000);
}
echo $pick($text, '/^rr_http_(requests_queue|workers_working)/');
echo 'second request: ', $s->get('/')->status, "\n";
touch("$s->dir/release");
echo 'held one: ', $c->read()->body, "\n";
echo $pick($scrape(), '/^rr_http_(no_free_workers_total|requests_queue|request_total\{status="503")/');

echo "== OpenMetrics on Accept\n";
$om = $scrape(true);
echo strtok($om, "\n"), "\n";
echo $pick($om, '/^(shop_orders_total|rr_http_request_total)\{/');
echo 'other path: ';
[$rc, $out] = RrTest\curl(['-s', '-o', '/dev/null', '-w', '%{http_code}', str_replace('/metrics', '/other', $metricsUrl)]);
echo $out, "\n";
$s->stop();
?>
--EXPECTF--
== app collectors over rr_rpc
declare: true
declare again: metrics.Declare: tried to register existing collector with the name `orders`
add: true
label count: metrics.Add: inconsistent label cardinality for "shop_orders": expected 2 label values but got 1
unknown: metrics.Add: undefined collector `nope`: declare it first (metrics.Declare or metrics.collect)
sub on a counter: metrics.Sub: sub is not supported by counter "shop_orders" (add: counter, gauge; sub, set: gauge; observe: histogram, summary)
bad type: metrics.Declare: unknown collector type 'meter': expected counter, gauge, histogram or summary
bad name: metrics.Declare: invalid metric name "has space": must match [a-zA-Z_:][a-zA-Z0-9_:]*
unregister: true again: false
content-type: text/plain; version=0.0.4; charset=utf-8
app_latency_bucket{endpoint="api",le="+Inf"} 4 [histogram]
app_latency_bucket{endpoint="api",le="0.1"} 1 [histogram]
app_latency_bucket{endpoint="api",le="0.5"} 2 [histogram]
app_latency_bucket{endpoint="api",le="1"} 3 [histogram]
app_latency_count{endpoint="api"} 4 [histogram]
app_latency_sum{endpoint="api"} 4.05 [histogram]
queue_depth{} 5 [gauge]
shop_orders_total{country="de",type="book"} 3.5 [counter]
shop_orders_total{country="fr",type="pen"} 1 [counter]
sizes_count{} 100 [summary]
sizes_sum{} 5050 [summary]
sizes{quantile="0.5"} 50 [summary]
sizes{quantile="0.9"} 90 [summary]
== RoadRunner's series
rr_http_no_free_workers_total{} 0 [counter]
rr_http_request_total{status="200"} 5 [counter]
rr_http_requests_by_method_total{method="GET"} 5 [counter]
rr_http_requests_queue{} 0 [gauge]
rr_http_total_workers{} 1 [gauge]
rr_http_worker_state{pid="PID",state="ready"} 0 [gauge]
rr_http_workers_invalid{} 0 [gauge]
rr_http_workers_ready{} 1 [gauge]
rr_http_workers_working{} 0 [gauge]
rr_http_request_duration_seconds_bucket{le="+Inf",status="200"} 5 [histogram]
rr_http_request_duration_seconds_bucket{le="0.005",status="200"} %d [histogram]
rr_http_request_duration_seconds_bucket{le="60",status="200"} 5 [histogram]
rr_http_request_duration_seconds_count{status="200"} 5 [histogram]
memory gauges: set
process metrics: set
== a busy only worker: in flight, then no free worker
rr_http_requests_queue{} 1 [gauge]
rr_http_workers_working{} 1 [gauge]
second request: 503
held one: released
rr_http_no_free_workers_total{} 1 [counter]
rr_http_request_total{status="503"} 1 [counter]
rr_http_requests_queue{} 0 [gauge]
== OpenMetrics on Accept
content-type: application/openmetrics-text; version=1.0.0; charset=utf-8
rr_http_request_total{status="200"} 6 [counter]
rr_http_request_total{status="503"} 1 [counter]
shop_orders_total{country="de",type="book"} 3.5 [counter]
shop_orders_total{country="fr",type="pen"} 1 [counter]
other path: 404
