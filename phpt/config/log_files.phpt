--TEST--
logs: SIGUSR1 reopens the log files (logrotate without copytruncate); logs.file_logger_options rotates a file by max_size keeping max_backups; max_age and compress are warned about
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = <<<'PHP'
<?php
while (rr_handle_request(function () {
    if ($_SERVER['REQUEST_URI'] === '/much') {
        $line = str_repeat('x', 1000);
        for ($i = 0; $i < 3500; $i++) {
            fwrite(STDERR, "$i $line\n");
        }
    }
    echo 'ok';
})) {}
PHP;
$yaml = "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    num_workers: 1\n"
    . "logs:\n  output: [stderr, app.log]\n  file_logger_options:\n    log_output: rot.log\n    max_size: 1\n    max_backups: 2\n    max_age: 7\n    compress: true\n";
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml], ['serve']);
var_dump($s->waitLog('logs.file_logger_options.max_age: not supported'), $s->waitLog('logs.file_logger_options.compress: not supported'));
// logrotate moves the file away, then signals.
rename($s->dir . '/app.log', $s->dir . '/app.log.1');
posix_kill($s->pid, SIGUSR1);
var_dump($s->waitLog('received SIGUSR1: log files reopened'));
$s->get('/after');
$deadline = microtime(true) + 10;
while (!str_contains((string)@file_get_contents($s->dir . '/app.log'), 'log files reopened') && microtime(true) < $deadline) {
    usleep(20000);
}
var_dump(str_contains(file_get_contents($s->dir . '/app.log'), 'log files reopened'),
    str_contains(file_get_contents($s->dir . '/app.log.1'), 'serving http'));
// 3.5 MB of worker output through a 1 MB file with 2 backups.
var_dump($s->get('/much')->body);
var_dump($s->waitLog('3499 xxx', 20));
$s->stop();
clearstatcache();
$files = array_map('basename', glob($s->dir . '/rot*.log'));
sort($files);
var_dump($files);
foreach ($files as $f) {
    if (filesize($s->dir . "/$f") > (1 << 20) + 2000) {
        echo "$f is over max_size\n";
    }
}
var_dump(str_contains(file_get_contents($s->dir . '/rot.log'), '3499 xxx'));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
string(2) "ok"
bool(true)
array(3) {
  [0]=>
  string(9) "rot.1.log"
  [1]=>
  string(9) "rot.2.log"
  [2]=>
  string(7) "rot.log"
}
bool(true)
