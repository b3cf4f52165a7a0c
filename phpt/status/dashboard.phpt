--TEST--
Dashboard (dashboard.address): the page is self-contained and, in a real headless Chromium, shows the running server's workers and updates live; /api/state has the workers, requests per second and latency; reset needs dashboard.token
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$probe = stream_socket_server('tcp://127.0.0.1:0');
$dport = (int)substr(strrchr(stream_socket_get_name($probe, false), ':'), 1);
fclose($probe);
$s = RrTest\Server::start("<?php\nwhile (rr_handle_request(function () { usleep(1000); echo 'hi'; })) {}\n", 2,
    ['-o', "dashboard.address=127.0.0.1:$dport", '-o', 'dashboard.token=s3cret', '-o', 'status.address=127.0.0.1:0']);
var_dump($s->waitLog("dashboard on http://127.0.0.1:$dport"));
$get = function (string $path, string $method = 'GET', array $headers = []) use ($dport) {
    $c = stream_socket_client("tcp://127.0.0.1:$dport", $errno, $errstr, 5);
    $h = '';
    foreach ($headers as $k => $v) {
        $h .= "$k: $v\r\n";
    }
    fwrite($c, "$method $path HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n$h\r\n");
    $raw = stream_get_contents($c);
    [$head, $body] = explode("\r\n\r\n", $raw, 2) + [1 => ''];
    return [(int)substr($head, 9, 3), $body, $head];
};
// Some traffic for the charts (the dashboard's own requests and the status probes do not count).
for ($i = 0; $i < 50; $i++) {
    $s->get('/');
}
preg_match('#status on http://127\.0\.0\.1:(\d+)#', $s->log(), $sm);
for ($i = 0; $i < 5; $i++) {
    $probe = stream_socket_client("tcp://127.0.0.1:{$sm[1]}", $errno, $errstr, 5);
    fwrite($probe, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    stream_get_contents($probe);
    fclose($probe);
}
[$code, $page] = $get('/');
echo "page: $code, self-contained: ", var_export(!preg_match('#(src|href)="(https?:)?//#', $page), true), "\n";
[$code, $json] = $get('/api/state');
$state = json_decode($json, true);
$http = $state['plugins'][0];
$pids = array_column($http['workers'], 'pid');
sort($pids);
$workers = $s->workers();
sort($workers);
echo "state: $code, plugin {$http['name']}, workers match: ", var_export($pids === $workers, true),
    ', queue: ', $http['queue'], ', history seconds: ', count($state['history']),
    ', requests counted: ', array_sum(array_column($state['history'], 'requests')), "\n";
echo 'latency recorded: ', var_export(max(array_column($state['history'], 'p99_ms')) > 0, true), "\n";

// A real browser: the page loads, renders the workers of the running server, and updates live.
$shot = $s->dir . '/dashboard.png';
$cmd = ['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
    '--user-data-dir=' . $s->dir . '/chromium', '--virtual-time-budget=4500', '--dump-dom', "http://127.0.0.1:$dport/"];
$p = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
$dom = stream_get_contents($pipes[1]);
proc_close($p);
preg_match_all('#<tr data-pid="(\d+)">#', $dom, $m);
$shown = $m[1];
sort($shown);
preg_match('#<span id="updates">(\d+)</span>#', $dom, $u);
echo 'browser shows the workers: ', var_export($shown == $workers, true), ', updated more than once: ',
    var_export((int)($u[1] ?? 0) > 1, true), "\n";
if ($shown != $workers) {
    echo substr($dom, 0, 3000), "\n";
}

// Reset: refused without the token, done with it (new workers).
[$code] = $get('/api/reset?plugin=http', 'POST');
echo "reset without token: $code\n";
[$code] = $get('/api/reset?plugin=http', 'POST', ['X-Rr-Token' => 'wrong']);
echo "reset with a wrong token: $code\n";
[$code, $body] = $get('/api/reset?plugin=http', 'POST', ['X-Rr-Token' => 's3cret']);
// The old workers leave once replaced (a moment later on a slow machine).
$deadline = microtime(true) + 10;
while (array_intersect($workers, $s->workers()) && microtime(true) < $deadline) {
    usleep(50000);
}
echo "reset with the token: $code $body, new workers: ", var_export(!array_intersect($workers, $s->workers()), true), "\n";
[$code] = $get('/api/reset', 'GET');
echo "GET /api/reset: $code\n";
var_dump($s->stop());
?>
--EXPECT--
bool(true)
page: 200, self-contained: true
state: 200, plugin http, workers match: true, queue: 0, history seconds: 300, requests counted: 50
latency recorded: true
browser shows the workers: true, updated more than once: true
reset without token: 401
reset with a wrong token: 401
reset with the token: 200 {"reset":"http"}, new workers: true
GET /api/reset: 405
int(0)
