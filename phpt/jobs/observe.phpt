--TEST--
Jobs plugin seen from outside: informer.List and informer.Workers("jobs"), rr-php workers jobs, resetter.Reset("jobs"), /health and /ready per plugin, /jobs lines per pipeline, the rr_jobs_* metrics (push ok/err, processed ok/err, handed out, queue gauges) and the jobs pool gauges
--FILE--
<?php
require __DIR__ . '/../tester.inc';
require __DIR__ . '/../../tests/php/jobs.php';
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
status:
  address: 127.0.0.1:0
metrics:
  address: 127.0.0.1:0
jobs:
  consume: [mails]
  pool:
    command: php -n consumer.php
    num_workers: 2
  pipelines:
    mails:
      driver: memory
      config:
        priority: 5
    held:
      driver: memory
YAML;
$files = ['worker.php' => "<?php\nwhile (rr_handle_request(function () { echo 'ok'; })) {}\n",
    'consumer.php' => "<?php\nrequire '" . realpath(__DIR__ . '/../../tests/php/jobs.php') . "';\n\$c = new RrTest\\Jobs\\Consumer();\nwhile (\$t = \$c->waitTask()) { \$t['payload'] === 'bad' ? \$c->fail('bad payload') : \$c->ack(); }\n",
    '.rr.yaml' => $yaml];
$s = RrTest\Server::startWith($files, ['-c', '.rr.yaml', 'serve']);
$addr = fn (string $what) => preg_match("#$what on ((?:tcp|http)://127\.0\.0\.1:\d+)#", $s->log(), $m) ? $m[1] : '';
$rpc = new RrTest\Goridge\Rpc($addr('rpc'));
$jobs = new RrTest\Jobs\Producer(fn (string $method, string $body) => $rpc->callProto($method, $body));

echo 'informer.List: ', json_encode($rpc->call('informer.List', true)), "\n";
$workers = $rpc->call('informer.Workers', 'jobs')['workers'];
echo 'jobs workers: ', count($workers), ' ', implode(',', array_unique(array_map(fn ($w) => $w['statusStr'], $workers))), "\n";
[$code, $out] = RrTest\run(['-w', $s->dir, '-o', 'rpc.listen=' . $addr('rpc'), 'workers', 'jobs']);
echo 'rr-php workers jobs: ', $code, ' ', strtok($out, "\n"), ', rows: ', substr_count($out, "| ready"), "\n";

for ($i = 0; $i < 5; $i++) {
    $jobs->push('mails', 'Mail', "m$i");
}
$jobs->push('mails', 'Mail', 'bad');
$jobs->push('held', 'Later', 'h1', [], ['delay' => 600]);
$jobs->push('held', 'Now', 'h2');
try {
    $jobs->push('nope', 'X', 'x');
} catch (Throwable $e) {
}
$deadline = microtime(true) + 20;
do {
    usleep(20000);
    $st = $jobs->stat()['mails'];
} while (($st['active'] > 0 || $st['reserved'] > 0) && microtime(true) < $deadline);

$status = $addr('http');
preg_match_all('#status on (http://127\.0\.0\.1:\d+)#', $s->log(), $m);
$get = function (string $url): string {
    [$rc, $out] = RrTest\curl(['-s', '-w', ' [%{http_code}]', $url]);
    return $out;
};
echo 'health jobs: ', $get("{$m[1][0]}/health?plugin=jobs"), "\n";
echo 'ready both: ', $get("{$m[1][0]}/ready?plugin=http&plugin=jobs"), "\n";
echo "/jobs:\n", $get("{$m[1][0]}/jobs"), "\n";

preg_match('#metrics on (http://127\.0\.0\.1:\d+)#', $s->log(), $mm);
[$rc, $scrape] = RrTest\curl(['-s', "{$mm[1]}/metrics"]);
foreach (explode("\n", $scrape) as $line) {
    if (preg_match('/^rr_jobs_(push_ok|push_err|jobs_ok|jobs_err|requests_total|pipeline_\w+)\{/', $line)) {
        echo $line, "\n";
    }
}
echo 'push latency: ', preg_match('/^rr_jobs_push_latency_count\{driver="memory",job="Mail",source="rpc"\} 6$/m', $scrape) ? 'observed for each push' : 'missing', "\n";
echo 'jobs pool gauge: ', preg_match('/^rr_jobs_total_workers 2$/m', $scrape) ? 'rr_jobs_total_workers 2' : 'missing', "\n";

$before = array_map(fn ($w) => $w['pid'], $workers);
echo 'resetter.Reset(jobs): ', json_encode($rpc->call('resetter.Reset', 'jobs')), ', new pids: ',
    var_export(!array_intersect($before, array_map(fn ($w) => $w['pid'], $rpc->call('informer.Workers', 'jobs')['workers'])), true), "\n";
try {
    $rpc->call('informer.Workers', 'grpc');
} catch (Throwable $e) {
    echo preg_replace("/^Error '(.*)' on .*$/s", '$1', $e->getMessage()), "\n";
}
$s->stop();
?>
--EXPECT--
informer.List: ["http","jobs"]
jobs workers: 2 ready
rr-php workers jobs: 0 Workers of [jobs]:, rows: 2
health jobs: [{"plugin_name":"jobs","error_message":"","status_code":200}] [200]
ready both: [{"plugin_name":"http","error_message":"","status_code":200},{"plugin_name":"jobs","error_message":"","status_code":200}] [200]
/jobs:
plugin: jobs: pipeline: held | priority: 10 | ready: false | queue: held | active: 1 | delayed: 1 | reserved: 0 | driver: memory | error: 
plugin: jobs: pipeline: mails | priority: 5 | ready: true | queue: mails | active: 0 | delayed: 0 | reserved: 0 | driver: memory | error: 
 [200]
rr_jobs_jobs_err{pipeline="held"} 0
rr_jobs_jobs_err{pipeline="mails"} 1
rr_jobs_jobs_err{pipeline="unknown"} 0
rr_jobs_jobs_ok{pipeline="held"} 0
rr_jobs_jobs_ok{pipeline="mails"} 5
rr_jobs_jobs_ok{pipeline="unknown"} 0
rr_jobs_pipeline_active{pipeline="held",driver="memory"} 1
rr_jobs_pipeline_active{pipeline="mails",driver="memory"} 0
rr_jobs_pipeline_delayed{pipeline="held",driver="memory"} 1
rr_jobs_pipeline_delayed{pipeline="mails",driver="memory"} 0
rr_jobs_pipeline_reserved{pipeline="held",driver="memory"} 0
rr_jobs_pipeline_reserved{pipeline="mails",driver="memory"} 0
rr_jobs_push_err{pipeline="held"} 0
rr_jobs_push_err{pipeline="mails"} 0
rr_jobs_push_err{pipeline="unknown"} 1
rr_jobs_push_ok{pipeline="held"} 2
rr_jobs_push_ok{pipeline="mails"} 6
rr_jobs_push_ok{pipeline="unknown"} 0
rr_jobs_requests_total{pipeline="held"} 0
rr_jobs_requests_total{pipeline="mails"} 6
rr_jobs_requests_total{pipeline="unknown"} 0
push latency: observed for each push
jobs pool gauge: rr_jobs_total_workers 2
resetter.Reset(jobs): true, new pids: true
informer.Workers: no plugin named 'grpc' has workers (plugins with workers: http, jobs)
