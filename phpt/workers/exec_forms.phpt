--TEST--
Exec'd goridge workers get RoadRunner's form handling: url-encoded and multipart bodies as a parsed form tree, uploads in temp files (forbid/allow, error codes) deleted after the response; conflicts → 400; raw_body and other types unparsed
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$worker = <<<PHP
<?php
require '$lib';
\$w = RrTest\Goridge\Worker::fromEnvironment();
while ((\$req = \$w->waitRequest()) !== null) {
    \$uploads = \$req['ctx']['uploads'] ?? null;
    \$files = [];
    \$walk = \$uploads ?? [];
    array_walk_recursive(\$walk, function (\$v, \$k) use (&\$files) {
        if (\$k === 'tmpName' && \$v !== '') { \$files[\$v] = file_get_contents(\$v); }
    });
    \$w->respond(200, [], json_encode(['parsed' => \$req['ctx']['parsed'], 'body' => \$req['body'], 'uploads' => \$uploads, 'contents' => array_values(\$files)]));
}
PHP;
$yaml = "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  uploads:\n    dir: %s\n    forbid: [.php]\n  pool:\n    num_workers: 1\n";
$s = RrTest\Server::prepare(['worker.php' => $worker]);
@mkdir($s->dir . '/up');
file_put_contents($s->dir . '/.rr.yaml', sprintf($yaml, $s->dir . '/up'));
$s->launch(['serve']);

$r = $s->request('POST', '/', ['Content-Type' => 'application/x-www-form-urlencoded; charset=UTF-8'], 'a=1&a=2&b[]=x&b[]=y&c[k]=v');
echo 'urlencoded: ', $r->body, "\n";
$r = $s->request('POST', '/', ['Content-Type' => 'application/x-www-form-urlencoded'], 'a=1&a[x]=2');
echo 'conflict: ', $r->status, ' ', trim($r->body), "\n";
$r = $s->request('POST', '/', ['Content-Type' => 'application/json'], '{"raw":true}');
echo 'json: ', $r->body, "\n";
$r = $s->request('GET', '/', ['Content-Type' => 'application/x-www-form-urlencoded']);
echo 'GET form: ', $r->body, "\n";

$b = 'BoUnDaRy';
$body = "--$b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhello\r\n"
    . "--$b\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nfile one\r\n"
    . "--$b\r\nContent-Disposition: form-data; name=\"more[]\"; filename=\"b.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\x00\x01\x02\r\n"
    . "--$b\r\nContent-Disposition: form-data; name=\"evil\"; filename=\"x.PHP\"\r\nContent-Type: text/plain\r\n\r\n<?php\r\n"
    . "--$b\r\nContent-Disposition: form-data; name=\"none\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n"
    . "--$b--\r\n";
$r = $s->request('POST', '/', ['Content-Type' => "multipart/form-data; boundary=$b"], $body);
$j = json_decode($r->body, true);
echo 'multipart: parsed ', var_export($j['parsed'], true), ', fields ', $j['body'], "\n";
foreach ($j['uploads'] as $field => $f) {
    $f = isset($f['name']) ? $f : $f[0];
    printf("  %s: name %s, mime %s, size %d, error %d, tmp in uploads dir: %s\n", $field, $f['name'], $f['mime'], $f['size'], $f['error'],
        var_export($f['tmpName'] !== '' && str_starts_with($f['tmpName'], $s->dir . '/up/upload'), true));
}
echo 'contents: ', json_encode(array_map('bin2hex', $j['contents'])), "\n";
$deadline = microtime(true) + 2;
while (glob($s->dir . '/up/*') !== [] && microtime(true) < $deadline) {
    usleep(10000);
}
echo 'temp files gone after the response: ', var_export(glob($s->dir . '/up/*') === [], true), "\n";
$r = $s->request('POST', '/', ['Content-Type' => "multipart/form-data; boundary=$b"], "--$b\r\nbroken");
echo 'broken multipart: ', $r->status, "\n";
$s->stop();

// UPLOAD_ERR_CANT_WRITE (7): the temp file cannot be written (here: a 64 KB file size limit).
$s = RrTest\Server::prepare(['worker.php' => $worker, '.rr.yaml' => "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    num_workers: 1\n"]);
$s->launch(['serve'], null, '#serving http://127\.0\.0\.1:(\d+)#', ['prlimit', '--fsize=65536', '--']);
$r = $s->request('POST', '/', ['Content-Type' => "multipart/form-data; boundary=$b"],
    "--$b\r\nContent-Disposition: form-data; name=\"big\"; filename=\"big.bin\"\r\n\r\n" . str_repeat('z', 200000) . "\r\n--$b--\r\n");
$f = json_decode($r->body, true)['uploads']['big'] ?? [];
echo 'cannot write: ', $r->status, ' error ', $f['error'] ?? '-', ' size ', $f['size'] ?? '-', "\n";
$s->stop();

// raw_body: forms reach the worker as sent.
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  raw_body: true\n  pool:\n    num_workers: 1\n"], ['serve']);
$r = $s->request('POST', '/', ['Content-Type' => 'application/x-www-form-urlencoded'], 'a=1&a=2');
echo 'raw_body: ', $r->body, "\n";
echo 'exit: ', $s->stop(), "\n";
?>
--EXPECT--
urlencoded: {"parsed":true,"body":"{\"a\":\"2\",\"b\":[\"x\",\"y\"],\"c\":{\"k\":\"v\"}}","uploads":null,"contents":[]}
conflict: 400 invalid multiple values to key 'a[x]' in the form
json: {"parsed":false,"body":"{\"raw\":true}","uploads":null,"contents":[]}
GET form: {"parsed":true,"body":"{}","uploads":null,"contents":[]}
multipart: parsed true, fields {"title":"hello"}
  doc: name a.txt, mime text/plain, size 8, error 0, tmp in uploads dir: true
  more: name b.bin, mime application/octet-stream, size 3, error 0, tmp in uploads dir: true
  evil: name x.PHP, mime text/plain, size 0, error 8, tmp in uploads dir: false
  none: name , mime application/octet-stream, size 0, error 4, tmp in uploads dir: false
contents: ["66696c65206f6e65","000102"]
temp files gone after the response: true
broken multipart: 400
cannot write: 200 error 7 size 0
raw_body: {"parsed":false,"body":"a=1&a=2","uploads":null,"contents":[]}
exit: 0
