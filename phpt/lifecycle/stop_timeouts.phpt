--TEST--
Graceful stop limits the README promises: endure.grace_period ends a request still in flight, http.pool.destroy_timeout SIGKILLs a worker that ignores the stop frame; http.pool.command is the pool's own command; a bad http.uploads.dir is warned about; PHPRC names the php.ini
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
// A handler that takes 20 s; a script that ignores the stop frame for 20 s after its loop ends.
$slow = "<?php\nwhile (rr_handle_request(function () { if (\$_SERVER['REQUEST_URI'] === '/slow') { sleep(20); } echo getmypid(); })) {}\nsleep(20);\n";
$yaml = "version: '3'\nserver:\n  command: php missing.php\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    command: php worker.php\n    num_workers: 1\n    destroy_timeout: 1s\nendure:\n  grace_period: 1s\n";
$s = RrTest\Server::startWith(['worker.php' => $slow, '.rr.yaml' => $yaml], ['serve']);
$pid = (int)$s->get('/')->body;
echo 'http.pool.command serves: ', var_export($pid > 0, true), "\n";
$c = $s->connect();
$c->send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
$deadline = microtime(true) + 5;
while (!str_contains((string)@file_get_contents("/proc/$pid/wchan"), 'nanosleep') && microtime(true) < $deadline) {
    usleep(10000); // until the handler sleeps: the request is in flight
}
$t0 = microtime(true);
$code = $s->stop();
$dt = microtime(true) - $t0;
echo "stopped: exit $code, within 10 s: ", var_export($dt < 10, true), "\n";
echo 'grace period ran out: ', var_export(str_contains($s->log(), 'still busy after the grace period'), true), "\n";
echo 'killed after destroy_timeout: ', var_export(str_contains($s->log(), "worker $pid did not stop within"), true), "\n";
echo 'worker gone: ', var_export(!RrTest\alive($pid), true), "\n";
$c->close();

// http.uploads.dir that is not a writable directory: a startup warning naming it.
$s = RrTest\Server::start("<?php\nwhile (rr_handle_request(function () { echo 'ok'; })) {}\n", 1, ['-o', 'http.uploads.dir=/nonexistent/uploads']);
echo 'uploads.dir warned: ', var_export(str_contains($s->log(), "http.uploads.dir: '/nonexistent/uploads' is not a writable directory"), true), "\n";
var_dump($s->stop());

// PHPRC: the php.ini the workers read.
$rc = sys_get_temp_dir() . '/rr-phpt-phprc-' . getmypid();
@mkdir($rc);
file_put_contents("$rc/php.ini", "memory_limit=88M\n");
$s = RrTest\Server::prepare(['worker.php' => "<?php\nwhile (rr_handle_request(function () { echo ini_get('memory_limit'); })) {}\n"]);
$s->launch(['serve', $s->script, '--listen', '127.0.0.1:0', '--workers', '1'], ['PHPRC' => $rc, 'PATH' => getenv('PATH')]);
echo 'PHPRC: ', $s->get('/')->body, "\n";
var_dump($s->stop());
unlink("$rc/php.ini");
rmdir($rc);
?>
--EXPECT--
http.pool.command serves: true
stopped: exit 0, within 10 s: true
grace period ran out: true
killed after destroy_timeout: true
worker gone: true
uploads.dir warned: true
int(0)
PHPRC: 88M
int(0)
