--TEST--
rr_serve() in php-cli: embedded workers forked from it serve HTTP, rr_rpc() works in them, SIGTERM stops everything with exit code 0
--EXTENSIONS--
rr
--FILE--
<?php
require __DIR__ . '/hosted.inc';
$dir = HostedServer::dir('worker');
file_put_contents("$dir/worker.php", <<<'PHP'
<?php
$served = 0;
while (rr_handle_request(function () use (&$served) {
    $served++;
    switch (parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH)) {
        case '/rpc':
            echo count(rr_rpc('informer.Workers', 'http')['workers']), ' workers';
            return;
        case '/nested':
            try {
                rr_serve(__FILE__);
            } catch (Error $e) {
                echo get_class($e), ': ', $e->getMessage();
            }
            return;
        case '/ini':
            echo 'implicit_flush=', ini_get('implicit_flush'), ' max_execution_time=', ini_get('max_execution_time'),
                ' memory_limit=', ini_get('memory_limit'), ' html_errors=', ini_get('html_errors'),
                ' output_buffering=', ini_get('output_buffering'), ' register_argc_argv=', ini_get('register_argc_argv'),
                ' argv=', json_encode($_SERVER['argv'] ?? null);
            return;
    }
    header('X-Pid: ' . getmypid());
    echo PHP_SAPI, ' ', $_SERVER['REQUEST_METHOD'], ' q=', $_GET['q'] ?? '', ' body=', file_get_contents('php://input'),
        ' served=', $served;
})) {
}
PHP);
// The default target: .rr.yaml in the working directory; its php command's -d reaches the workers.
file_put_contents("$dir/.rr.yaml", <<<'YAML'
version: '3'
server:
  command: php -d memory_limit=200M worker.php
http:
  address: 127.0.0.1:8080
  pool:
    num_workers: 1
YAML);
$server = HostedServer::start($dir, <<<'PHP'
<?php
register_shutdown_function(function () { fwrite(STDERR, "shutdown function in " . getmypid() . "\n"); });
ob_start(function ($out) { return $out === '' ? '' : "[buffered in " . getmypid() . "] $out"; });
echo "before\n";
$code = rr_serve(overrides: ['http.address' => '127.0.0.1:0', 'http.pool.num_workers' => 2]);
ob_end_flush();
fwrite(STDERR, "rr_serve returned $code in " . getmypid() . "\n");
exit($code);
PHP);
[$status, $headers, $body] = $server->request('/hello?q=1', 'POST', 'abc');
echo $status, ' ', $body, "\n";
$workerPid = (int) $headers['x-pid'];
echo 'worker is not the php-cli process: ', var_export($workerPid !== $server->pid && $workerPid > 0, true), "\n";
echo 'worker is below it: ', var_export(in_array($workerPid, $server->descendants(), true), true), "\n";
echo implode(' ', $server->request('/rpc')[2] === '2 workers' ? ['rpc ok'] : ['rpc:', $server->request('/rpc')[2]]), "\n";
echo $server->request('/nested')[2], "\n";
echo $server->request('/ini')[2], "\n";
// SIGHUP: a new zygote forked from the (now multi-threaded) php-cli process, new workers from it.
$before = $server->descendants();
$server->signal(SIGHUP);
$deadline = microtime(true) + 30;
do {
    [$status, $headers] = $server->request('/hello');
    $reloaded = $status === 200 && !in_array((int) $headers['x-pid'], $before, true);
} while (!$reloaded && microtime(true) < $deadline && usleep(50000) === null);
echo 'after SIGHUP: ', $reloaded ? 'new workers answer' : "still old workers ($status)", "\n";
$below = $server->descendants();
echo 'processes below it: ', count($below) >= 3 ? 'zygote and workers' : count($below), "\n";
$code = $server->stop(SIGTERM);
echo 'exit code: ', $code, "\n";
echo 'none left: ', var_export(all_gone($below), true), "\n";
$log = $server->log;
echo 'shutdown functions: ', substr_count($log, 'shutdown function in '), ' (in the php-cli process: ',
    var_export(str_contains($log, 'shutdown function in ' . $server->pid), true), ")\n";
echo 'start-up line: ', preg_match('/rr-php version [\d.]+ \(PHP [\d.]+ hosted by php-cli, linux\): serving/', $log) ? 'hosted by php-cli' : 'other', "\n";
echo 'returned: ', var_export(str_contains($log, 'rr_serve returned 0 in ' . $server->pid), true), "\n";
echo 'output buffer flushed once, by php-cli: ', substr_count($log, '[buffered in'), ' ',
    var_export(str_contains($log, "[buffered in {$server->pid}] before"), true), "\n";
remove_tree($dir);
?>
--EXPECT--
200 cli POST q=1 body=abc served=1
worker is not the php-cli process: true
worker is below it: true
rpc ok
Error: rr_serve() cannot run inside a worker: it starts a server, and this script already runs in one
implicit_flush=0 max_execution_time=30 memory_limit=200M html_errors=1 output_buffering=4096 register_argc_argv=0 argv=null
after SIGHUP: new workers answer
processes below it: zygote and workers
exit code: 0
none left: true
shutdown functions: 1 (in the php-cli process: true)
start-up line: hosted by php-cli
returned: true
output buffer flushed once, by php-cli: 1 true
