--TEST--
Logs: a worker's stderr and its PHP warnings reach the server log, tagged with the worker's pid
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    file_put_contents('php://stderr', "a line on stderr\n");
    error_log('via error_log');
    trigger_error('a user warning', E_USER_WARNING);
    echo $undefined_variable ?? getmypid();
})) {}
PHP);
$pid = $s->get('/')->body;
var_dump($s->waitLog('a user warning'));
$log = $s->log();
var_dump(
    (bool)preg_match("/worker $pid: a line on stderr/", $log),
    (bool)preg_match("/worker $pid: via error_log/", $log),
    (bool)preg_match("/worker $pid: PHP Warning:  a user warning in .*worker.php on line 5/", $log),
);
$s->stop();
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
