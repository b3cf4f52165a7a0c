--TEST--
Worker mode: output printed outside a request (bootstrap, between requests) goes to the log, never to a client
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
echo "bootstrap says hello\n";
while (rr_handle_request(function () { echo 'response'; })) {
    echo "between requests\n";
}
PHP);
$r = $s->get('/');
var_dump($r->body);
var_dump($s->waitLog('bootstrap says hello'), $s->waitLog('between requests'));
$pid = $s->workers()[0];
var_dump((bool)preg_match("/worker $pid: bootstrap says hello/", $s->log()));
$s->stop();
?>
--EXPECT--
string(8) "response"
bool(true)
bool(true)
bool(true)
