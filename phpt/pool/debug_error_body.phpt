--TEST--
http.pool.debug: a worker's error (goridge error frame) is the 500 body, HTML-escaped, as in RoadRunner's debug mode; without debug the body stays generic
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$worker = "<?php\nrequire '$lib';\n\$w = RrTest\\Goridge\\Worker::fromEnvironment();\nwhile ((\$r = \$w->waitRequest()) !== null) { \$w->error('Exception: test <b>&\"'); }\n";
foreach (['true', 'false'] as $debug) {
    $yaml = "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    mode: exec\n    num_workers: 1\n    debug: $debug\n";
    $s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml], ['serve']);
    $r = $s->get('/');
    echo "debug $debug: ", $r->status, ' ', json_encode($r->body), "\n";
    var_dump($s->stop());
}
?>
--EXPECT--
debug true: 500 "Exception: test &lt;b&gt;&amp;&#34;"
int(0)
debug false: 500 "internal server error\n"
int(0)
