--TEST--
Pool: max_jobs=1 under 32 concurrent clients for 2000 requests: every request 200, each worker serves exactly one, no deadlock
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start("<?php\nwhile (rr_handle_request(function () { echo getmypid(); })) {}\n", 4,
    ['-o', 'http.pool.max_jobs=1']);
$res = RrTest\load($s, 32, fn () => false, 0, 2000, 120.0);
echo 'requests: ', $res['requests'] >= 2000 ? 'at least 2000' : $res['requests'], ', statuses: ', json_encode(array_keys($res['status'])), ', failed: ', $res['errors'], "\n";
echo 'distinct workers: ', count($res['bodies']) === $res['requests'] ? 'one per request' : count($res['bodies']), "\n";
echo 'max uses of one pid: ', max($res['bodies']), "\n";
$deadline = microtime(true) + 10;
while (count($s->workers()) !== 4 && microtime(true) < $deadline) {
    usleep(50000);
}
echo 'back to 4 workers: ', count($s->workers()) === 4 ? 'yes' : count($s->workers()), "\n";
echo 'exit: ', $s->stop(), "\n";
?>
--EXPECT--
requests: at least 2000, statuses: [200], failed: 0
distinct workers: one per request
max uses of one pid: 1
back to 4 workers: yes
exit: 0
