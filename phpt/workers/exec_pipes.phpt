--TEST--
Exec'd workers over pipes (http.pool.mode: exec): a goridge PHP worker under php-cli answers with RoadRunner's JSON context; errors, stop-and-retry, crashes, stderr, stop frames
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$worker = <<<PHP
<?php
ini_set('display_errors', 'stderr');
require '$lib';
\$w = new RrTest\Goridge\Worker();
while ((\$req = \$w->waitRequest()) !== null) {
    \$path = parse_url(\$req['ctx']['uri'], PHP_URL_PATH);
    if (\$path === '/error') {
        \$w->error('something broke');
        continue;
    }
    if (\$path === '/stop' && !file_exists(__DIR__ . '/stopped-once')) {
        touch(__DIR__ . '/stopped-once');
        \$w->stop();
        exit(0);
    }
    if (\$path === '/crash') {
        exit(3);
    }
    if (\$path === '/stderr') {
        fwrite(STDERR, "a line on stderr\n");
    }
    \$w->respond(201, ['X-Worker' => [(string)getmypid()], 'Content-Type' => ['text/plain']],
        \$req['ctx']['method'] . ' ' . \$req['ctx']['uri'] . ' ' . getenv('RR_MODE') . ' ' . getenv('RR_RELAY') . ' ' . \$req['body']);
}
PHP;
$yaml = "version: '3'\nserver:\n  command: php worker.php\nrpc:\n  listen: unix://rpc.sock\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    mode: exec\n    num_workers: 2\n";
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml], ['serve']);
echo str_contains($s->log(), 'with 2 workers running php worker.php') ? "started\n" : $s->log();
$workers = array_values(array_filter($s->descendants(), fn ($p) => str_contains((string)@file_get_contents("/proc/$p/cmdline"), 'worker.php')));
echo 'exec workers: ', count($workers), ', no zygote: ', var_export(!array_filter($s->descendants(), fn ($p) => trim((string)@file_get_contents("/proc/$p/comm")) === 'rr-php-zygote'), true), "\n";
$r = $s->request('POST', '/hello?x=1', ['Content-Type' => 'text/plain'], 'body!');
echo $r->status, ' ', $r->body, "\n";
$pid = $r->header('x-worker');
$r = $s->get('/error');
echo 'soft error: ', $r->status, "\n";
// A soft error keeps the worker: both workers started first are still the ones running.
usleep(100000);
echo 'worker kept: ', var_export(count($workers) === 2 && count(array_filter($workers, 'RrTest\alive')) === 2, true), "\n";
$r = $s->get('/stop');
echo 'stop then retry: ', $r->status, ' ', $r->body, "\n";
$r = $s->get('/crash');
echo 'crash: ', $r->status, "\n";
$r = $s->get('/stderr');
echo 'stderr: ', var_export($s->waitLog('a line on stderr'), true), "\n";
// Wait (bounded) until the crashed worker's replacement is ready: `rr-php workers` lists two ready
// workers, and they are the worker.php processes running now.
$listWorkers = function () use ($s): array {
    $old = getcwd();
    chdir($s->dir);
    try {
        [, $out] = RrTest\run(['workers']);
    } finally {
        chdir($old);
    }
    preg_match_all('/^\| (\d+) +\| ready /m', $out, $rows);
    $listed = array_map('intval', $rows[1]);
    sort($listed);
    return $listed;
};
$deadline = microtime(true) + 10;
do {
    $listed = $listWorkers();
    $live = array_values(array_filter($s->descendants(), fn ($p) => str_contains((string)@file_get_contents("/proc/$p/cmdline"), 'worker.php')));
    sort($live);
    if (count($listed) === 2 && $listed === $live) {
        break;
    }
    usleep(50000);
} while (microtime(true) < $deadline);
echo 'replaced, 2 workers again: ', count($live), "\n";
echo 'rr-php workers lists the exec\'d workers: ', var_export($listed === $live, true), "\n";
echo 'exit: ', $s->stop(), "\n";
echo 'no worker left: ', var_export(!array_filter($live, 'RrTest\alive'), true), "\n";
echo 'stopped with the stop frame: ', var_export(!str_contains($s->log(), 'killing'), true), "\n";
?>
--EXPECT--
started
exec workers: 2, no zygote: true
201 POST http://localhost/hello?x=1 http pipes body!
soft error: 500
worker kept: true
stop then retry: 201 GET http://localhost/stop http pipes 
crash: 500
stderr: true
replaced, 2 workers again: 2
rr-php workers lists the exec'd workers: true
exit: 0
no worker left: true
stopped with the stop frame: true
