--TEST--
Worker mode: exit() in the handler ends that request with what it printed; the worker goes on
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
$served = 0;
while (rr_handle_request(function () use (&$served) {
    $served++;
    if ($_SERVER['REQUEST_URI'] === '/exit') {
        header('X-Before-Exit: yes');
        echo "partial";
        exit(3);
        echo "never";
    }
    echo getmypid(), ' ', $served;
})) {}
PHP);
[$pid1] = explode(' ', $s->get('/')->body);
$r = $s->get('/exit');
var_dump($r->status, $r->header('X-Before-Exit'), $r->body);
[$pid2, $served] = explode(' ', $s->get('/')->body);
var_dump($pid1 === $pid2, $served);
var_dump($s->stop());
?>
--EXPECT--
int(200)
string(3) "yes"
string(7) "partial"
bool(true)
string(1) "3"
int(0)
