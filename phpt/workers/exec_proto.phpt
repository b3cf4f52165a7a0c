--TEST--
Exec'd workers with http.pool.codec: proto get the protobuf http.v1.Request context (flags 0x80) and may answer in protobuf; replies are decoded by their own flags
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
    \$c = \$req['ctx'];
    \$w->respond(201, ['X-Codec' => [(\$req['flags'] & 0x80) ? 'proto' : 'json'], 'X-Multi' => ['a', 'b']],
        json_encode([\$c['method'], \$c['uri'], \$c['rawQuery'], \$c['headers']['X-Test'] ?? null, \$c['cookies'], \$c['parsed'], \$req['body']]));
}
PHP;
$yaml = "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    num_workers: 1\n    codec: %s\n";
foreach (['proto', 'json'] as $codec) {
    $s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => sprintf($yaml, $codec)], ['serve']);
    $r = $s->request('POST', '/p?q=1', ['X-Test' => 'yes', 'Cookie' => 'sid=a%20b', 'Content-Type' => 'application/x-www-form-urlencoded'], 'k=v');
    echo "$codec: ", $r->status, ' ', $r->header('x-codec'), ' ', implode(',', $r->headers['x-multi'] ?? []), ' ', $r->body, "\n";
    $s->stop();
}
// proto is for exec'd workers only.
$dir = sys_get_temp_dir() . '/rr-phpt-codec-' . getmypid();
@mkdir($dir);
file_put_contents("$dir/w.php", "<?php while (rr_handle_request(fn () => print 'x')) {}\n");
file_put_contents("$dir/.rr.yaml", "version: '3'\nserver:\n  command: php w.php\nhttp:\n  pool:\n    codec: proto\n");
[$code, $out, $err] = RrTest\run(['serve', '-c', "$dir/.rr.yaml"]);
echo "embed + proto: exit $code, ", trim($err), "\n";
unlink("$dir/w.php");
unlink("$dir/.rr.yaml");
rmdir($dir);
?>
--EXPECT--
proto: 201 proto a,b ["POST","http:\/\/localhost\/p?q=1","q=1",["yes"],{"sid":"a b"},true,"{\"k\":\"v\"}"]
json: 201 json a,b ["POST","http:\/\/localhost\/p?q=1","q=1",["yes"],{"sid":"a b"},true,"{\"k\":\"v\"}"]
embed + proto: exit 1, rr-php: error: http.pool.codec: 'proto' is for goridge workers (exec'd, or stock RoadRunner scripts embedded); rr_handle_request() workers always get the JSON context
