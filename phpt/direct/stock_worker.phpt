--TEST--
Direct dispatch serves a stock RoadRunner script (http.pool.mode: embed): its STDIN/STDOUT are a relay in the worker, with no master hop. The conformance items of the exec'd workers (status, headers both ways, cookies, JSON bodies, body limit, uploads, internal_error_code, worker exit, invalid status, trailers, 103, streaming), the form tree, the proto codec, PING/PONG and STOP, Worker::stop(), bytes that are not frames, and a script that reads without answering
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$worker = <<<PHP
<?php
require '$lib';
echo "booting, this goes to the log\\n";
\$w = RrTest\Goridge\Worker::fromEnvironment();
while ((\$req = \$w->waitRequest()) !== null) {
    \$c = \$req['ctx'];
    \$path = parse_url(\$c['uri'], PHP_URL_PATH);
    switch (\$path) {
        case '/echo':
            \$w->respond(201, ['X-Got' => [\$c['headers']['X-In'][0] ?? ''], 'X-Multi' => ['one', 'two'], 'Set-Cookie' => ['a=1; Path=/', 'b=2']],
                \$c['method'] . ' ' . \$c['rawQuery'] . ' ' . json_encode(\$c['cookies']) . ' ' . \$req['body']);
            break;
        case '/remote':
            \$w->respond(200, [], \$c['remoteAddr'] . ' ' . strlen(\$req['body']));
            break;
        case '/form':
            \$w->respond(200, [], json_encode([\$c['parsed'], \$req['body'], \$c['uploads']]));
            break;
        case '/upload':
            \$u = \$c['uploads']['f'];
            \$w->respond(200, [], json_encode([\$u['name'], \$u['size'], \$u['error'], file_get_contents(\$u['tmpName']), dirname(\$u['tmpName'])]));
            break;
        case '/error':
            \$w->error('Exception: boom');
            break;
        case '/exit':
            exit(0);
        case '/badstatus':
            \$w->respond(1000, [], 'x');
            break;
        case '/trailer':
            \$w->respond(200, ['Trailer' => ['X-Checksum'], 'X-Checksum' => ['abc123'], 'Content-Type' => ['text/plain']], 'body');
            break;
        case '/hints':
            \$w->hint(103, ['Link' => ['</style.css>; rel=preload; as=style']]);
            \$w->respond(200, ['X-Final' => ['yes']], 'final');
            break;
        case '/stream':
            \$w->respondStream(200, ['Content-Type' => ['text/plain']], ['one ', 'two ', 'three']);
            break;
        case '/stream-fail':
            \$w->respondStream(200, ['Content-Type' => ['text/plain']], ['one ', 'two ', 'three'], 2);
            break;
        case '/ping':
            \$w->respondStreamWithPing(200, ['Content-Type' => ['text/plain']], 3, 10);
            break;
        case '/ping-long':
            \$w->respondStreamWithPing(200, ['Content-Type' => ['text/plain']], 300, 20);
            break;
        case '/garbage':
            fwrite(STDOUT, "not a frame at all\\n");
            break;
        case '/no-answer':
            break; // reads its next request without answering this one
        case '/stop':
            \$w->stop();
            fwrite(STDERR, "asked to stop\\n");
            break; // (its next read gets the stop frame)
        case '/ping-select':
            // As roadrunner-worker waits for a PONG: stream_select() on STDIN, then the read.
            \$head = json_encode(['status' => 200, 'headers' => (object)['Content-Type' => ['text/plain']]]);
            for (\$i = 0; \$i < 3; \$i++) {
                fwrite(STDOUT, (new RrTest\\Goridge\\Frame(RrTest\\Goridge\\CODEC_JSON, \$head . "c\$i ", [strlen(\$head)], \$i < 2 ? 0x05 : 0x04))->encode());
                \$r = [STDIN];
                \$wr = \$ex = null;
                \$ready = stream_select(\$r, \$wr, \$ex, 5);
                \$f = RrTest\\Goridge\\Frame::read(STDIN, 5.0, true);
                fwrite(STDERR, "select \$ready " . ((\$f->stream & 0x08) ? 'pong' : 'other') . " \$i\\n");
            }
            break;
        case '/stream-old':
            // roadrunner-http before 3.5: status and headers with the first frame only; a failed
            // generator's end: flags 0, options [0], nothing else.
            \$head = json_encode(['status' => 202, 'headers' => (object)['X-Old' => ['yes']]]);
            fwrite(STDOUT, (new RrTest\\Goridge\\Frame(RrTest\\Goridge\\CODEC_JSON, \$head . 'first,', [strlen(\$head)], 0x01))->encode());
            fwrite(STDOUT, (new RrTest\\Goridge\\Frame(RrTest\\Goridge\\CODEC_JSON, 'second', [0], 0x01))->encode());
            fwrite(STDOUT, (new RrTest\\Goridge\\Frame(0, '', [0]))->encode());
            break;
        case '/idle-select':
            \$w->respond(200, [], 'ok');
            // Between requests: STDIN is not readable until a request comes.
            \$r = [STDIN];
            \$wr = \$ex = null;
            fwrite(STDERR, 'idle select: ' . stream_select(\$r, \$wr, \$ex, 0, 200000) . "\\n");
            break;
        default:
            \$w->respond(200, [], getmypid() . ' ' . php_sapi_name() . ' ' . (\$c['protocol'] ?? ''));
    }
}
fwrite(STDERR, "stop frame read, leaving\\n");
PHP;
$yaml = "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  internal_error_code: 444\n  max_request_size: 1\n"
    . "  uploads:\n    dir: UPLOADS\n  pool:\n    mode: embed\n    dispatch: direct\n    num_workers: 1\n";
$uploads = sys_get_temp_dir() . '/rr-stock-uploads-' . getmypid();
@mkdir($uploads);
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => str_replace('UPLOADS', $uploads, $yaml)], ['serve']);
echo 'direct: ', var_export(str_contains($s->log(), 'dispatch: direct'), true), "\n";
[$pid, $sapi, $proto] = explode(' ', $s->get('/')->body);
echo "embedded: $sapi $proto\n";
$r = $s->request('GET', '/echo?x=1&y=%20', ['X-In' => 'hello', 'Cookie' => 'sid=a%20b; t=1']);
echo "1-3: ", $r->status, ' [', $r->body, '] X-Got ', $r->header('x-got'), ', X-Multi ', implode('|', $r->headers['x-multi']), ', Set-Cookie ', implode('|', $r->headers['set-cookie']), "\n";
foreach (['POST', 'PUT', 'PATCH'] as $m) {
    $json = '{"a":[1,2,{"b":"ü"}],"c":null}';
    $r = $s->request($m, '/echo', ['Content-Type' => 'application/json; charset=utf-8'], $json);
    echo "5 $m: ", $r->body === "$m  [] $json" ? 'byte-identical' : $r->body, "\n";
}
echo '4: ', $s->get('/remote')->body, "\n";
$c = $s->connect();
$c->send("POST /remote HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: " . ((1 << 20) + 1) . "\r\n\r\n");
echo '8: over the limit ', $c->read()->status, ' (before the body was sent), ';
$c->close();
$r = $s->request('POST', '/remote', ['Content-Type' => 'application/octet-stream'], str_repeat('x', 1 << 20));
echo 'at the limit ', $r->status, ' ', $r->body, "\n";
$r = $s->request('POST', '/form', ['Content-Type' => 'application/x-www-form-urlencoded'], 'a[]=1&a[]=2&b[c]=x+y');
echo 'form tree: ', $r->status, ' ', $r->body, "\n";
$r = $s->request('POST', '/form', ['Content-Type' => 'application/x-www-form-urlencoded'], 'a=1&a[b]=2');
echo 'conflicting form: ', $r->status, ' ', trim($r->body), "\n";
$b = 'bb';
$r = $s->request('POST', '/upload', ['Content-Type' => "multipart/form-data; boundary=$b"], "--$b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nxyz\r\n--$b--\r\n");
$u = json_decode($r->body, true);
$in = ($u[4] ?? '') === $uploads;
array_pop($u);
for ($i = 0; $i < 100 && glob("$uploads/*") !== []; $i++) {
    usleep(20000); // (removed right after the answer went out)
}
echo 'upload: ', $r->status, ' ', json_encode($u), ', in uploads.dir: ', var_export($in, true), ', temp file removed after the answer: ', var_export(glob("$uploads/*") === [], true), "\n";
$r = $s->request('HEAD', '/form', ['Content-Type' => 'application/x-www-form-urlencoded']);
echo 'HEAD: ', $r->status, ' body ', json_encode($r->body), "\n";
$r = $s->get('/error');
echo '9: ', $r->status, ' body ', json_encode($r->body), ', same worker: ', var_export(explode(' ', $s->get('/')->body)[0] === $pid, true), ', logged: ', var_export($s->waitLog('worker error: Exception: boom'), true), "\n";
echo '11: ', $s->get('/badstatus')->status, ', logged: ', var_export($s->waitLog('invalid response from the worker: unknown status code'), true), "\n";
$r = $s->get('/trailer');
echo '12 trailer: ', $r->status, ' chunked ', var_export($r->chunked, true), ' body ', $r->body, ', X-Checksum as header: ', var_export($r->header('x-checksum'), true),
    ', trailer: ', json_encode($r->trailers), "\n";
$r = $s->get('/hints');
echo '12 hints: ', count($r->interim), ' interim ', $r->interim[0]->status ?? '-', ' Link ', $r->interim[0]->header('link') ?? '-', ', final ', $r->status, ' ', $r->body,
    ', final has Link: ', var_export($r->header('link') !== null, true), "\n";
$r = $s->get('/stream');
echo '13 stream: ', $r->status, ' chunked ', var_export($r->chunked, true), ' [', $r->body, "]\n";
$r = $s->get('/ping-select');
echo 'ping with stream_select: ', $r->status, ' ', json_encode($r->body), ', pongs: ', var_export($s->waitLog('select 1 pong 0') && $s->waitLog('select 1 pong 1') && $s->waitLog('select 1 pong 2'), true), "\n";
$r = $s->get('/stream-old');
echo 'status and headers with the first frame only: ', $r->status, ' X-Old ', $r->header('x-old'), ' ', json_encode($r->body), "\n";
$c = $s->connect(); // (kept open and quiet: nothing for the worker's HTTP loop meanwhile)
$c->send(RrTest\build_request('GET', '/idle-select'));
$r = $c->read();
echo 'idle STDIN: ', $r->body, ', not readable: ', var_export($s->waitLog('idle select: 0'), true), ', the next request on that connection: ';
$c->send(RrTest\build_request('GET', '/'));
echo $c->read()->status, "\n";
$c->close();
$r = $s->get('/ping');
echo 'ping: ', $r->status, ' ', json_encode($r->body), ', pongs: ', var_export($s->waitLog('pong 2'), true), "\n";
$c = $s->connect();
$c->send(RrTest\build_request('GET', '/ping-long'));
usleep(200000);
$c->close();
echo 'client left: STOP sent and acknowledged: ', var_export($s->waitLog('stopped by the server after chunk'), true);
echo ', same worker serves on: ', var_export(explode(' ', $s->get('/')->body)[0] === $pid, true), "\n";

$r = $s->get('/exit');
echo '10: ', $r->status, ', fresh worker next: ', var_export(($pid2 = explode(' ', $s->get('/')->body)[0]) !== $pid, true), "\n";
$c = $s->connect();
$c->send(RrTest\build_request('GET', '/stream-fail'));
$raw = $c->readToClose(microtime(true) + 10);
echo '13 broken stream: partial body ', var_export(str_contains($raw, "one ") && str_contains($raw, "two ") && !str_contains($raw, 'three'), true),
    ', no final chunk: ', var_export(!str_ends_with($raw, "0\r\n\r\n"), true), "\n";
$pid3 = explode(' ', $s->get('/')->body)[0];
$r = $s->get('/garbage');
echo 'garbage on STDOUT: ', $r->status, ', logged: ', var_export($s->waitLog('not a goridge frame on STDOUT; it ends') && $s->waitLog('not a frame at all'), true),
    ', fresh worker next: ', var_export(($pid4 = explode(' ', $s->get('/')->body)[0]) !== $pid3, true), "\n";
$r = $s->get('/no-answer');
echo 'no answer: ', $r->status, ', logged: ', var_export($s->waitLog('read again without answering its request'), true), ', same worker serves on: ', var_export(explode(' ', $s->get('/')->body)[0] === $pid4, true), "\n";
$r = $s->get('/stop');
echo 'Worker::stop(): ', $r->status, ' ', trim($r->body), ', the script read the stop frame: ', var_export($s->waitLog('asked to stop') && $s->waitLog('stop frame read, leaving'), true),
    ', fresh worker next: ', var_export(explode(' ', $s->get('/')->body)[0] !== $pid4, true), "\n";
echo 'echo logged: ', var_export($s->waitLog('booting, this goes to the log'), true), "\n";
echo 'exit: ', $s->stop(), ', the script read the stop frame again: ', var_export(substr_count($s->log(), 'stop frame read, leaving') === 2, true), "\n";
@rmdir($uploads);

// http.pool.codec: proto, as RoadRunner 2024.1+ sends the context; the reply comes back in proto.
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => str_replace('UPLOADS', $uploads, $yaml) . "    codec: proto\n"], ['serve']);
$r = $s->request('GET', '/echo?q=1', ['X-In' => 'proto', 'Cookie' => 'k=v']);
echo 'proto: ', $r->status, ' [', $r->body, '] X-Got ', $r->header('x-got'), ', Set-Cookie ', implode('|', $r->headers['set-cookie']), "\n";
echo 'exit: ', $s->stop(), "\n";
?>
--EXPECT--
direct: true
embedded: rr-php HTTP/1.1
1-3: 201 [GET x=1&y=%20 {"sid":"a b","t":"1"} ] X-Got hello, X-Multi one|two, Set-Cookie a=1; Path=/|b=2
5 POST: byte-identical
5 PUT: byte-identical
5 PATCH: byte-identical
4: 127.0.0.1 0
8: over the limit 413 (before the body was sent), at the limit 200 127.0.0.1 1048576
form tree: 200 [true,"{\"a\":[\"1\",\"2\"],\"b\":{\"c\":\"x y\"}}",null]
conflicting form: 400 invalid multiple values to key 'a[b]' in the form
upload: 200 ["a.txt",3,0,"xyz"], in uploads.dir: true, temp file removed after the answer: true
HEAD: 200 body ""
9: 444 body "", same worker: true, logged: true
11: 500, logged: true
12 trailer: 200 chunked true body body, X-Checksum as header: NULL, trailer: {"x-checksum":["abc123"]}
12 hints: 1 interim 103 Link </style.css>; rel=preload; as=style, final 200 final, final has Link: false
13 stream: 200 chunked true [one two three]
ping with stream_select: 200 "c0 c1 c2 ", pongs: true
status and headers with the first frame only: 202 X-Old yes "first,second"
idle STDIN: ok, not readable: true, the next request on that connection: 200
ping: 200 "chunk 0\nchunk 1\nchunk 2\n", pongs: true
client left: STOP sent and acknowledged: true, same worker serves on: true
10: 444, fresh worker next: true
13 broken stream: partial body true, no final chunk: true
garbage on STDOUT: 444, logged: true, fresh worker next: true
no answer: 444, logged: true, same worker serves on: true
Worker::stop(): 503 the worker stopped before answering; try again, the script read the stop frame: true, fresh worker next: true
echo logged: true
exit: 0, the script read the stop frame again: true
proto: 201 [GET q=1 {"k":"v"} ] X-Got proto, Set-Cookie a=1; Path=/|b=2
exit: 0
