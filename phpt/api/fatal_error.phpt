--TEST--
Worker mode: a fatal error (bailout) gives a 500, is logged, and the worker is replaced; later requests work
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    switch ($_SERVER['REQUEST_URI']) {
    case '/fatal':
        echo "before the error";
        trigger_error('a real fatal error', E_USER_ERROR);
        break;
    case '/undefined':
        undefined_function_called_here(); // an Error exception in PHP 8: the worker survives it
        break;
    case '/memory':
        ini_set('memory_limit', '16M');
        $a = [];
        while (true) { $a[] = str_repeat('x', 1 << 20); }
    }
    echo getmypid();
})) {}
PHP);
$pid1 = $s->get('/')->body;
$r = $s->get('/fatal');
var_dump($r->status);
$pid2 = $s->get('/')->body;
var_dump($pid2 !== '' && $pid1 !== $pid2);
var_dump($s->waitLog('PHP Fatal error:  a real fatal error'));
echo 'logged as an error: ', var_export((bool)preg_match('/ error worker \d+: PHP Fatal error:  a real fatal error/', $s->log()), true), "\n";
$r = $s->get('/undefined');
var_dump($r->status, $s->get('/')->body === $pid2);
var_dump($s->waitLog('Call to undefined function undefined_function_called_here()'));
$r = $s->get('/memory');
var_dump($r->status);
var_dump($s->waitLog('Allowed memory size'));
$pid3 = $s->get('/')->body;
var_dump($pid3 !== $pid2);
var_dump($s->stop());
?>
--EXPECT--
int(500)
bool(true)
bool(true)
logged as an error: true
int(500)
bool(true)
bool(true)
int(500)
bool(true)
bool(true)
int(0)
