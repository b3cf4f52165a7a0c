--TEST--
STDIN, STDOUT and STDERR exist as in php-cli; STDOUT and STDERR go to the log and can never corrupt the worker channel; STDIN reads nothing
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
fwrite(STDERR, "boot: " . json_encode([is_resource(STDIN), is_resource(STDOUT), is_resource(STDERR)]) . "\n");
while (rr_handle_request(function () {
    fwrite(STDOUT, "not a goridge frame\n");
    fwrite(STDERR, "to stderr\n");
    echo 'stdin: ', json_encode(fread(STDIN, 100));
})) {}
PHP);
$r = $s->get('/');
echo $r->status, ' ', $r->body, "\n";
$r = $s->get('/');
echo 'again: ', $r->status, "\n";
echo 'logged: ', var_export($s->waitLog('boot: [true,true,true]') && $s->waitLog('not a goridge frame') && $s->waitLog('to stderr'), true), "\n";
echo 'no worker replaced: ', var_export(!str_contains($s->log(), 'exited'), true), "\n";
$s->stop();
?>
--EXPECT--
200 stdin: ""
again: 200
logged: true
no worker replaced: true
