--TEST--
Worker mode: an uncaught exception gives a 500, is logged with its message, and the worker goes on
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    if ($_SERVER['REQUEST_URI'] === '/boom') {
        echo "partial output";
        throw new RuntimeException('something exploded in the handler');
    }
    echo getmypid();
})) {}
PHP);
$pid1 = $s->get('/')->body;
$r = $s->get('/boom');
var_dump($r->status);
$pid2 = $s->get('/')->body;
var_dump($pid1 === $pid2);
var_dump($s->waitLog('Uncaught RuntimeException: something exploded in the handler'));
var_dump((bool)preg_match('/worker ' . $pid1 . ': PHP Fatal error:  Uncaught RuntimeException/', $s->log()));
var_dump($s->stop());
?>
--EXPECT--
int(500)
bool(true)
bool(true)
bool(true)
int(0)
