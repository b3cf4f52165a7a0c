--TEST--
Worker mode: the environment rr-php was started with appears in $_SERVER and getenv() on every request
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
putenv('RR_TEST_ENV=from the environment');
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    echo $_SERVER['RR_TEST_ENV'] ?? 'missing', ' | ', getenv('RR_TEST_ENV'), ' | ', $_SERVER['REQUEST_URI'];
})) {}
PHP);
echo $s->get('/one')->body, "\n", $s->get('/two')->body, "\n";
$s->stop();
?>
--EXPECT--
from the environment | from the environment | /one
from the environment | from the environment | /two
