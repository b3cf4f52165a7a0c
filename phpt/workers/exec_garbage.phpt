--TEST--
Exec'd workers: garbage on stdout (before or during a request) replaces the worker; the log shows the text, the command and the likely cause; other requests are unaffected
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$worker = <<<PHP
<?php
require '$lib';
\$w = new RrTest\Goridge\Worker();
while ((\$req = \$w->waitRequest()) !== null) {
    if (str_contains(\$req['ctx']['uri'], 'dump')) {
        var_dump(['debug' => 'oops']);
        continue;
    }
    \$w->respond(200, [], (string)getmypid());
}
PHP;
$yaml = "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    num_workers: 1\n";
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml], ['serve']);
$pid = $s->get('/')->body;
$r = $s->get('/dump');
echo 'garbage during a request: ', $r->status, "\n";
echo 'logged: ', var_export($s->waitLog("received: \"array(1)") && $s->waitLog("from 'php worker.php' (likely cause: the script printed to stdout"), true), "\n";
$r = $s->get('/');
echo 'next request: ', $r->status, ', new worker: ', var_export($r->body !== $pid, true), "\n";
$s->stop();

// Before the handshake: the worker never starts, serve stops with the reason.
$s = RrTest\Server::startWith(['worker.php' => "<?php\necho \"Deprecated: noise\\n\";\nsleep(30);\n", '.rr.yaml' => $yaml . "    mode: exec\n"], ['serve'], null, null);
echo 'exit: ', $s->wait(30), "\n";
echo 'reason: ', var_export(str_contains($s->log(), 'received: "Deprecated: noise') && str_contains($s->log(), 'likely cause'), true), "\n";
?>
--EXPECT--
garbage during a request: 500
logged: true
next request: 200, new worker: true
exit: 1
reason: true
