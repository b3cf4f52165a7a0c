--TEST--
SIGUSR2 stops gracefully and starts the same binary again with the same arguments (same pid, config read afresh)
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = "<?php\nwhile (rr_handle_request(function () { echo getmypid(), ' ', ini_get('memory_limit'); })) {}\n";
$probe = stream_socket_server('tcp://127.0.0.1:0');
$port = (int)substr(strrchr(stream_socket_get_name($probe, false), ':'), 1);
fclose($probe);
$yaml = fn ($mem) => "version: '3'\nserver:\n  command: php -d memory_limit=$mem ../worker.php\nhttp:\n  address: 127.0.0.1:$port\n  pool:\n    num_workers: 1\n";
$s = RrTest\Server::startWith(['worker.php' => $worker, 'conf/rr.yaml' => $yaml('64M')], ['serve', '-c', 'conf/rr.yaml']);
[$pid1, $mem1] = explode(' ', $s->get('/')->body);
file_put_contents($s->dir . '/conf/rr.yaml', $yaml('80M'));
posix_kill($s->pid, SIGUSR2);
$deadline = microtime(true) + 20;
while (substr_count($s->log(), 'serving http://') < 2 && microtime(true) < $deadline) {
    usleep(50000);
}
echo 'started again: ', var_export(substr_count($s->log(), 'serving http://') === 2, true), ', same pid: ', var_export(RrTest\alive($s->pid), true), "\n";
[$pid2, $mem2] = explode(' ', $s->get('/')->body);
echo "before $mem1, after $mem2, new worker: ", var_export($pid1 !== $pid2, true), "\n";
echo 'exit: ', $s->stop(), "\n";
?>
--EXPECT--
started again: true, same pid: true
before 64M, after 80M, new worker: true
exit: 0
