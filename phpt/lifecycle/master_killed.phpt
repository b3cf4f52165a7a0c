--TEST--
No orphans: when the master is killed with SIGKILL, the zygote and every worker die with it
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () { echo 'ok'; })) {}
PHP, 3);
$procs = $s->descendants();
var_dump(count($procs));
posix_kill($s->pid, SIGKILL);
$s->wait();
$deadline = microtime(true) + 5;
do {
    usleep(50000);
    $left = array_filter($procs, 'RrTest\alive');
} while ($left && microtime(true) < $deadline);
var_dump(count($left));
?>
--EXPECT--
int(4)
int(0)
