--TEST--
A stock RoadRunner-style goridge script runs embedded (http.pool.mode: embed): STDIN/STDOUT are its channel, echo goes to the log and cannot corrupt it, opcache is shared, forms arrive as RoadRunner's form tree
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$worker = <<<PHP
<?php
require '$lib';
echo "booting, this must not reach the channel\\n";
\$w = RrTest\Goridge\Worker::fromEnvironment();
while ((\$req = \$w->waitRequest()) !== null) {
    echo "echo inside the loop goes to the log too\\n";
    \$w->respond(200, [], json_encode([php_sapi_name(), opcache_get_status(false)['opcache_enabled'] ?? false, \$req['ctx']['parsed'], \$req['body'], getenv('RR_MODE')]));
}
PHP;
$yaml = "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    mode: embed\n    num_workers: 2\n";
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml], ['serve']);
echo 'embedded workers: ', count($s->workers()), "\n";
$r = $s->get('/');
echo $r->status, ' ', $r->body, "\n";
$r = $s->request('POST', '/', ['Content-Type' => 'application/x-www-form-urlencoded'], 'a[]=1&a[]=2');
echo $r->status, ' ', $r->body, "\n";
echo 'echo logged: ', var_export($s->waitLog('booting, this must not reach the channel') && $s->waitLog('echo inside the loop goes to the log too'), true), "\n";
echo 'no worker replaced: ', var_export(!str_contains($s->log(), 'exited'), true), "\n";
echo 'exit: ', $s->stop(), "\n";
?>
--EXPECT--
embedded workers: 2
200 ["rr-php",true,false,"","http"]
200 ["rr-php",true,true,"{\"a\":[\"1\",\"2\"]}","http"]
echo logged: true
no worker replaced: true
exit: 0
