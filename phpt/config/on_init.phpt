--TEST--
server.on_init runs once before the workers, with its env ($$ keeps a $ from config interpolation) and output in the log; failures and timeouts stop serve only with exit_on_error
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = "<?php\nwhile (rr_handle_request(function () { echo @file_get_contents('init.txt'); })) {}\n";
$cfg = fn (string $onInit) => "version: '3'\nserver:\n  command: php worker.php\n  on_init:\n$onInit\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    num_workers: 1\n";

$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $cfg(
    "    command: [sh, -c, 'echo migrating; printf %s \"\$\$STAGE\" > init.txt; echo done >&2']\n    env:\n      stage: ready\n")], ['serve']);
echo 'response: ', $s->get('/')->body, "\n";
$log = $s->log();
echo 'ran before the workers: ', var_export(strpos($log, 'on_init: done') < strpos($log, 'serving http'), true), ', output logged: ',
    var_export(str_contains($log, 'on_init: migrating'), true), "\n";
$s->stop();

foreach ([
    "    command: [sh, -c, 'exit 3']\n    exit_on_error: true\n",
    "    command: [sleep, '5']\n    exec_timeout: 200ms\n    exit_on_error: true\n",
    "    command: [/nonexistent/migrate]\n    exit_on_error: true\n",
] as $onInit) {
    $s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $cfg($onInit)], ['serve'], null, null);
    $code = $s->wait(20);
    preg_match_all('/server\.on_init: .*/', $s->log(), $m);
    echo "exit $code: ", end($m[0]) ?: $s->log(), "\n";
}

$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $cfg("    command: [sh, -c, 'exit 3']\n")], ['serve']);
echo 'without exit_on_error: ', $s->get('/')->status, ', ', var_export(str_contains($s->log(), "server.on_init: 'sh -c exit 3' failed: exit code 3; starting the workers anyway"), true), "\n";
$s->stop();
?>
--EXPECT--
response: ready
ran before the workers: true, output logged: true
exit 1: server.on_init: 'sh -c exit 3' failed: exit code 3 (exit_on_error is set)
exit 1: server.on_init: 'sleep 5' did not finish within 200ms and was killed (exit_on_error is set)
exit 1: server.on_init: cannot run '/nonexistent/migrate': No such file or directory (exit_on_error is set)
without exit_on_error: 200, true
