--TEST--
Status plugin (status.address): /health and /ready with RoadRunner's codes and JSON, repeated and unknown plugin names, a busy only worker makes /ready unavailable, /jobs, unavailable_status_code, status.Status/Ready over rr_rpc(), graceful stop (/health 200, /ready unavailable, "service is shutting down"), config errors
--EXTENSIONS--
posix
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
    if ($p === '/rpc') {
        echo json_encode([rr_rpc('status.Ready', ['plugin' => 'http']), rr_rpc('status.Status', ['plugin' => 'http'])]);
        try { rr_rpc('status.Ready', ['plugin' => 'nope']); } catch (RR\RpcException $e) { echo ' ', $e->getMessage(); }
        return;
    }
    echo 'ok';
})) {}
PHP;
$s = RrTest\Server::start($worker, 1, ['-o', 'status.address=127.0.0.1:0', '-o', 'status.check_timeout=30']);
preg_match('#status on (http://127\.0\.0\.1:\d+)#', $s->log(), $m);
$st = $m[1];
$get = function (string $path, array $extra = []) use (&$st): string {
    [$rc, $out] = RrTest\curl(array_merge(['-s', '-w', ' [%{http_code}]'], $extra, ["$st$path"]));
    return $out;
};
echo 'health: ', $get('/health?plugin=http'), "\n";
echo 'ready: ', $get('/ready?plugin=http'), "\n";
echo 'all plugins: ', $get('/health'), "\n";
echo 'unknown only: ', $get('/ready?plugin=nope'), "\n";
echo 'repeated: ', $get('/ready?plugin=nope&plugin=http&plugin=http'), "\n";
echo 'jobs: ', $get('/jobs'), "\n";
echo 'other path: ', $get('/metrics'), "\n";
echo 'POST: ', $get('/health', ['-X', 'POST']), "\n";
// The only worker asks while it serves this request: working, so healthy but not ready.
echo 'rpc: ', $s->get('/rpc')->body, "\n";

// The only worker busy: not ready, still healthy.
$hold = $s->connect();
$hold->send(RrTest\build_request('GET', '/hold'));
for ($i = 0; $i < 500 && !str_contains($get('/ready'), '[503]'); $i++) {
    usleep(10000);
}
echo 'busy ready: ', $get('/ready?plugin=http'), "\n";
echo 'busy health: ', $get('/health?plugin=http'), "\n";

// Graceful stop with that request in flight: liveness holds, readiness does not.
posix_kill($s->pid, SIGTERM);
for ($i = 0; $i < 500 && !str_contains($get('/ready'), 'shutting'); $i++) {
    usleep(10000);
}
echo 'stopping health: ', $get('/health?plugin=http'), "\n";
echo 'stopping ready: ', $get('/ready?plugin=http'), "\n";
echo 'stopping jobs: ', $get('/jobs'), "\n";
touch("$s->dir/release");
echo 'held request: ', $hold->read()->body, "\n";
echo 'exit: ', $s->wait(30), "\n";

// unavailable_status_code.
$s = RrTest\Server::start($worker, 1, ['-o', 'status.address=127.0.0.1:0', '-o', 'status.unavailable_status_code=500']);
preg_match('#status on (http://127\.0\.0\.1:\d+)#', $s->log(), $m);
$st = $m[1];
$hold = $s->connect();
$hold->send(RrTest\build_request('GET', '/hold'));
for ($i = 0; $i < 500 && !str_contains($get('/ready'), '[500]'); $i++) {
    usleep(10000);
}
echo 'code 500: ', $get('/ready?plugin=http'), "\n";
touch("$s->dir/release");
$hold->read();
$s->stop();

// Config errors.
foreach ([['status.address=127.0.0.1:0', 'status.unavailable_status_code=42'], ['status.address=nowhere'],
          ['status.address=127.0.0.1:0', 'status.check_timeout=soon'], ['status.check_timeout=5']] as $os) {
    $args = ['serve', $s->script];
    foreach ($os as $o) {
        array_push($args, '-o', $o);
    }
    [$code, , $err] = RrTest\run($args);
    echo $code, ' ', trim($err), "\n";
}
?>
--EXPECTF--
health: [{"plugin_name":"http","error_message":"","status_code":200}] [200]
ready: [{"plugin_name":"http","error_message":"","status_code":200}] [200]
all plugins: [{"plugin_name":"http","error_message":"","status_code":200}] [200]
unknown only: [] [200]
repeated: [{"plugin_name":"http","error_message":"","status_code":200}] [200]
jobs: jobs plugin not found [503]
other path: not found: the status endpoints are /health, /ready and /jobs
 [404]
POST: method not allowed
 [405]
rpc: [{"code":503,"message":"internal server error, see logs"},{"code":200,"message":""}] status.Ready: no plugin named 'nope' has a status
busy ready: [{"plugin_name":"http","error_message":"internal server error, see logs","status_code":503}] [503]
busy health: [{"plugin_name":"http","error_message":"","status_code":200}] [200]
stopping health: service is shutting down [200]
stopping ready: service is shutting down [503]
stopping jobs: service is shutting down [503]
held request: released
exit: 0
code 500: [{"plugin_name":"http","error_message":"internal server error, see logs","status_code":500}] [500]
1 rr-php: error: status.unavailable_status_code: '42' is not allowed: expected an HTTP status from 100 to 599
1 rr-php: error: status.address: %s
1 rr-php: error: status.check_timeout: 'soon' is not a duration: %s
1 rr-php: error: status.address: is required when status is present, e.g. 127.0.0.1:2114
