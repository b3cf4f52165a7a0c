--TEST--
README promises: --listen [::1]:0 (IPv6), --index, rr_worker_info() values, logs.encoding json, PHP_INI_SCAN_DIR, workers under SCHED_BATCH
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = "<?php\nwhile (rr_handle_request(function () { \$i = rr_worker_info(); echo json_encode([\$i['pid'] === getmypid(), \$i['mode'], \$i['requests'], \$i['memory'] > 0, ini_get('memory_limit')]); })) {}\n";

// IPv6 loopback, as the README's --listen row says; the log names the port.
$s = RrTest\Server::prepare(['worker.php' => $worker]);
$s->launch(['serve', $s->script, '--listen', '[::1]:0', '--workers', '1'], null, '#serving http://\[::1\]:(\d+)#');
$c = stream_socket_client("tcp://[::1]:{$s->port}", $errno, $errstr, 5);
fwrite($c, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
$raw = stream_get_contents($c);
echo 'ipv6: ', substr($raw, 0, 15), ' ', substr($raw, strpos($raw, "\r\n\r\n") + 4), "\n";
var_dump($s->stop());

// rr_worker_info(): its pid, the mode, requests served before this one, memory; and
// PHP_INI_SCAN_DIR's files are read by the workers (as by any PHP binary).
$ini = sys_get_temp_dir() . '/rr-phpt-ini-' . getmypid();
@mkdir($ini);
file_put_contents("$ini/99-test.ini", "memory_limit=77M\n");
$s = RrTest\Server::prepare(['worker.php' => $worker]);
$s->launch(['serve', $s->script, '--listen', '127.0.0.1:0', '--workers', '1'], ['PHP_INI_SCAN_DIR' => $ini, 'PATH' => getenv('PATH')]);
foreach ([1, 2, 3] as $n) {
    echo 'worker info: ', $s->get('/')->body, "\n";
}
// SCHED_BATCH is policy 3 (field 41 of /proc/PID/stat).
foreach ($s->workers() as $pid) {
    $stat = file_get_contents("/proc/$pid/stat");
    $fields = explode(' ', substr($stat, strrpos($stat, ')') + 2));
    echo 'worker policy: ', $fields[38] === '3' ? 'SCHED_BATCH' : "policy {$fields[38]}", "\n";
}
var_dump($s->stop());
unlink("$ini/99-test.ini");
rmdir($ini);

// --index: the front controller of classic mode.
$s = RrTest\Server::prepare(['public/app.php' => "<?php echo 'front ', \$_SERVER['SCRIPT_NAME'], ' ', rr_worker_info()['mode'];", 'public/index.php' => '<?php echo "not me";']);
$s->launch(['serve', '--root', $s->dir . '/public', '--index', 'app.php', '--listen', '127.0.0.1:0', '--workers', '1']);
echo '--index: ', $s->get('/some/route')->body, "\n";
var_dump($s->stop());

// logs.encoding: json — each log line a JSON object.
$yaml = "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    num_workers: 1\nlogs:\n  encoding: json\n";
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml], ['serve'], null, '#serving http://127\.0\.0\.1:(\d+)#');
$lines = array_filter(explode("\n", $s->log()));
$json = array_filter($lines, fn ($l) => is_array(json_decode($l, true)) && isset(json_decode($l, true)['msg']));
echo 'json logs: ', count($lines) > 0 && count($json) === count($lines) ? 'every line' : 'not all: ' . implode(' | ', $lines), "\n";
var_dump($s->stop());
?>
--EXPECT--
ipv6: HTTP/1.1 200 OK [true,"worker",0,true,"128M"]
int(0)
worker info: [true,"worker",0,true,"77M"]
worker info: [true,"worker",1,true,"77M"]
worker info: [true,"worker",2,true,"77M"]
worker policy: SCHED_BATCH
int(0)
--index: front /app.php classic
int(0)
json logs: every line
int(0)
