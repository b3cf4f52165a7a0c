--TEST--
Exec'd workers streaming: every PING is answered with a PONG; a client that leaves gets the worker a STOP, the worker acknowledges and stays in service
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$worker = <<<PHP
<?php
require '$lib';
\$w = RrTest\Goridge\Worker::fromEnvironment();
while ((\$req = \$w->waitRequest()) !== null) {
    if (str_contains(\$req['ctx']['uri'], 'stream')) {
        \$w->respondStreamWithPing(200, ['Content-Type' => ['text/plain']], str_contains(\$req['ctx']['uri'], 'long') ? 200 : 5, 20);
        continue;
    }
    \$w->respond(200, [], (string)getmypid());
}
PHP;
$yaml = "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    num_workers: 1\n";
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml], ['serve']);
$pid = $s->get('/')->body;
$r = $s->get('/stream');
echo 'stream: ', $r->status, ' chunked ', var_export($r->chunked, true), ' ', json_encode($r->body), "\n";
echo 'pongs: ', var_export($s->waitLog('pong 4'), true), "\n";
$c = $s->connect();
$c->send(RrTest\build_request('GET', '/stream-long'));
usleep(200000);
$c->close();
echo 'stop sent and acknowledged: ', var_export($s->waitLog('stopped by the server after chunk'), true), "\n";
$r = $s->get('/');
echo 'same worker serves on: ', $r->status, ' ', var_export($r->body === $pid, true), "\n";
echo 'not killed: ', var_export(!str_contains($s->log(), 'killing'), true), "\n";
echo 'exit: ', $s->stop(), "\n";
?>
--EXPECT--
stream: 200 chunked true "chunk 0\nchunk 1\nchunk 2\nchunk 3\nchunk 4\n"
pongs: true
stop sent and acknowledged: true
same worker serves on: 200 true
not killed: true
exit: 0
