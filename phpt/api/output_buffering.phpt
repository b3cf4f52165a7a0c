--TEST--
Worker mode: output buffers work inside the handler; ones left open are flushed into the response
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    echo "a";
    ob_start();
    echo "discarded";
    ob_end_clean();
    ob_start(fn ($buf) => strtoupper($buf));
    echo "shouted ";
    ob_start();
    echo "left open, level " . ob_get_level();
})) {}
PHP, 1, ['-d', 'output_buffering=4096']);
var_dump($s->get('/')->body, $s->get('/')->body);
$s->stop();
?>
--EXPECT--
string(27) "aSHOUTED LEFT OPEN, LEVEL 3"
string(27) "aSHOUTED LEFT OPEN, LEVEL 3"
