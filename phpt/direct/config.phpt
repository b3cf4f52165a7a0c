--TEST--
Direct dispatch: combined with what only the master does (h2c, FastCGI, middleware, access logs, exec'd workers, exec_ttl) the start stops with an error naming both; classic mode starts
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = "<?php\nwhile (rr_handle_request(function () { echo 'x'; })) {}\n";
$cases = [
    ['-o', 'http.middleware=[headers]'],
    ['-o', 'http.access_logs=true'],
    ['-o', 'http.http2.h2c=true'],
    ['-o', 'http.fcgi.address=tcp://127.0.0.1:0'],
    ['-o', 'http.pool.supervisor.exec_ttl=5s'],
    ['-o', 'http.pool.dispatch=sideways'],
];
foreach ($cases as $extra) {
    $s = RrTest\Server::prepare(['worker.php' => $worker]);
    $s->launch(array_merge(['serve', 'worker.php', '--listen', '127.0.0.1:0', '-o', 'http.pool.dispatch=direct'], $extra), null, null);
    $code = $s->wait(20);
    preg_match('/http\.pool\.dispatch: [^\n]*/', $s->log(), $m);
    echo $code, ' ', $m[0] ?? $s->log(), "\n";
}
// A stock goridge worker (no rr_handle_request(): exec'd under php-cli).
$yaml = "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    dispatch: direct\n";
$s = RrTest\Server::prepare(['worker.php' => "<?php\n", '.rr.yaml' => $yaml]);
$s->launch(['serve'], null, null);
$code = $s->wait(20);
preg_match('/http\.pool\.dispatch: [^\n]*/', $s->log(), $m);
echo $code, ' ', $m[0] ?? $s->log(), "\n";
// Classic mode is served directly.
$s = RrTest\Server::prepare(['index.php' => '<?php echo "classic ", $_SERVER["SCRIPT_NAME"];']);
$s->launch(['serve', '--root', $s->dir, '--listen', '127.0.0.1:0', '-o', 'http.pool.dispatch=direct']);
echo $s->get('/')->body, ' ', str_contains($s->log(), '(dispatch: direct)') ? 'direct' : $s->log(), "\n";
$s->stop();
?>
--EXPECT--
1 http.pool.dispatch: 'direct' cannot be combined with http.middleware: in direct mode the workers serve HTTP/1.1 themselves (use 'master')
1 http.pool.dispatch: 'direct' cannot be combined with http.access_logs: in direct mode the workers serve HTTP/1.1 themselves (use 'master')
1 http.pool.dispatch: 'direct' cannot be combined with http.http2.h2c: in direct mode the workers serve HTTP/1.1 themselves (use 'master')
1 http.pool.dispatch: 'direct' cannot be combined with http.fcgi: in direct mode the workers serve HTTP/1.1 themselves (use 'master')
1 http.pool.dispatch: 'direct' cannot be combined with http.pool.supervisor.exec_ttl (use max_execution_time): in direct mode the workers serve HTTP/1.1 themselves (use 'master')
1 http.pool.dispatch: 'sideways' is not allowed: expected one of master, direct
1 http.pool.dispatch: 'direct' cannot be combined with exec'd workers (direct mode runs embedded workers: rr_handle_request() scripts, stock RoadRunner scripts with http.pool.mode: embed, and classic mode): in direct mode the workers serve HTTP/1.1 themselves (use 'master')
classic /index.php direct
