--TEST--
SIGQUIT stops gracefully like SIGTERM: the in-flight request completes, exit 0, no process left
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start("<?php\nwhile (rr_handle_request(function () { usleep(500000); echo 'done'; })) {}\n", 1);
$workers = $s->workers();
$c = $s->connect();
$c->send(RrTest\build_request('GET', '/'));
usleep(100000);
posix_kill($s->pid, SIGQUIT);
$r = $c->read();
echo $r->status, ' ', $r->body, "\n";
echo 'exit: ', $s->wait(), "\n";
echo str_contains($s->log(), 'received SIGQUIT: stopping gracefully') ? "logged\n" : $s->log();
echo 'no process left: ', var_export(!array_filter($workers, 'RrTest\alive'), true), "\n";
?>
--EXPECT--
200 done
exit: 0
logged
no process left: true
