--TEST--
Response header names that are not RFC 9110 tokens are dropped and logged, from exec'd goridge workers and embedded PHP alike (headers, trailers, 103 Early Hints)
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$stock = <<<PHP
<?php
require '$lib';
\$w = RrTest\Goridge\Worker::fromEnvironment();
while ((\$r = \$w->waitRequest()) !== null) {
    \$w->respond(200, ["X-A: 1\\tX-B" => ['2'], 'X Space' => ['v'], 'X-Good' => ['yes'],
        'Trailer' => ['X-Bad Trailer, X-T'], 'X-Bad Trailer' => ['t'], 'X-T' => ['ok']], 'body');
}
PHP;
$yaml = "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    num_workers: 1\n";
$s = RrTest\Server::startWith(['worker.php' => $stock, '.rr.yaml' => $yaml], ['serve']);
$c = $s->connect();
$c->send("GET / HTTP/1.1\r\nHost: x\r\nTE: trailers\r\nConnection: close\r\n\r\n");
$raw = $c->readToClose(microtime(true) + 3);
$c->close();
echo "exec: ", preg_match('/^(X-A|X-B|X Space|X-Bad Trailer)/m', $raw) ? 'FORGED' : 'dropped',
    str_contains($raw, "X-Good: yes\r\n") && str_contains($raw, "X-T: ok\r\n") ? ', valid ones kept' : ', VALID ONES LOST', "\n";
echo 'logged: ', var_export($s->waitLog('response header dropped: its name "X-A: 1\x09X-B"') || $s->waitLog('its name "X-A: 1\\x09X-B"'), true), "\n";
var_dump($s->stop());

$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    header('Link: </a.css>; rel=preload');
    header('X Bad Hint: 1');
    headers_send(103);
    header('X Bad: 1');
    header('X-Good: yes');
    echo 'body';
})) {}
PHP);
$c = $s->connect();
$c->send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
$raw = $c->readToClose(microtime(true) + 3);
echo 'embed: ', preg_match('/^X Bad/m', $raw) ? 'FORGED' : 'dropped',
    str_contains($raw, "103 Early Hints") && str_contains($raw, "X-Good: yes\r\n") ? ', hints and valid ones kept' : ', LOST', "\n";
var_dump($s->stop());
?>
--EXPECT--
exec: dropped, valid ones kept
logged: true
int(0)
embed: dropped, hints and valid ones kept
int(0)
