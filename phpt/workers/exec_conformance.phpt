--TEST--
RoadRunner conformance over each relay, pipes, tcp and unix (RR-COMPAT §4.4 items 1-5, 7-13): status and exact body, headers both ways, cookies, remote address, JSON bodies, body limit, bad uploads dir, internal_error_code, worker exit, invalid status, trailers, 103 early hints, streaming order and a stream that breaks off
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
        case '/uploads':
            \$w->respond(200, [], json_encode(\$c['uploads']));
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
            \$w->respondStream(200, ['Content-Type' => ['text/plain']], ['one ', 'two ', 'three'], isset(\$_SERVER['x']) ? 2 : null);
            break;
        case '/stream-fail':
            \$w->respondStream(200, ['Content-Type' => ['text/plain']], ['one ', 'two ', 'three'], 2);
            break;
        default:
            \$w->respond(200, [], (string)getmypid());
    }
}
PHP;
foreach (['pipes', 'tcp://127.0.0.1:0', 'unix://relay.sock'] as $relay) {
echo "== $relay\n";
$yaml = "version: '3'\nserver:\n  command: php worker.php\n  relay: $relay\nhttp:\n  address: 127.0.0.1:0\n  internal_error_code: 444\n  max_request_size: 1\n  uploads:\n    dir: /nonexistent/uploads\n  pool:\n    num_workers: 1\n";
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml], ['serve']);
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
$b = 'bb';
$r = $s->request('POST', '/uploads', ['Content-Type' => "multipart/form-data; boundary=$b"], "--$b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nxyz\r\n--$b--\r\n");
echo '7: bad uploads dir: ', $r->status, ' ', $r->body, "\n";
$pid = $s->get('/')->body;
$r = $s->get('/error');
echo '9: ', $r->status, ' body ', json_encode($r->body), ', same worker: ', var_export($s->get('/')->body === $pid, true), "\n";
$r = $s->get('/exit');
echo '10: ', $r->status, ', fresh worker next: ', var_export($s->get('/')->body !== $pid, true), "\n";
echo '11: ', $s->get('/badstatus')->status, "\n";
$r = $s->get('/trailer');
echo '12 trailer: ', $r->status, ' chunked ', var_export($r->chunked, true), ' body ', $r->body, ', X-Checksum as header: ', var_export($r->header('x-checksum'), true),
    ', trailer: ', json_encode($r->trailers), "\n";
$r = $s->get('/hints');
echo '12 hints: ', count($r->interim), ' interim ', $r->interim[0]->status ?? '-', ' Link ', $r->interim[0]->header('link') ?? '-', ', final ', $r->status, ' ', $r->body,
    ', final has Link: ', var_export($r->header('link') !== null, true), ', interim has X-Final: ', var_export(($r->interim[0] ?? null)?->header('x-final') !== null, true), "\n";
$r = $s->get('/stream');
echo '13 stream: ', $r->status, ' chunked ', var_export($r->chunked, true), ' [', $r->body, "]\n";
$c = $s->connect();
$c->send(RrTest\build_request('GET', '/stream-fail'));
$raw = $c->readToClose(microtime(true) + 10);
echo '13 broken stream: partial body ', var_export(str_contains($raw, "one ") && str_contains($raw, "two ") && !str_contains($raw, 'three'), true),
    ', no final chunk: ', var_export(!str_ends_with($raw, "0\r\n\r\n"), true), "\n";
echo 'served after: ', $s->get('/')->status, "\n";
echo 'exit: ', $s->stop(), "\n";
}
?>
--EXPECT--
== pipes
1-3: 201 [GET x=1&y=%20 {"sid":"a b","t":"1"} ] X-Got hello, X-Multi one|two, Set-Cookie a=1; Path=/|b=2
5 POST: byte-identical
5 PUT: byte-identical
5 PATCH: byte-identical
4: 127.0.0.1 0
8: over the limit 413 (before the body was sent), at the limit 200 127.0.0.1 1048576
7: bad uploads dir: 200 {"f":{"name":"a.txt","mime":"","size":0,"error":6,"tmpName":""}}
9: 444 body "", same worker: true
10: 444, fresh worker next: true
11: 500
12 trailer: 200 chunked true body body, X-Checksum as header: NULL, trailer: {"x-checksum":["abc123"]}
12 hints: 1 interim 103 Link </style.css>; rel=preload; as=style, final 200 final, final has Link: false, interim has X-Final: false
13 stream: 200 chunked true [one two three]
13 broken stream: partial body true, no final chunk: true
served after: 200
exit: 0
== tcp://127.0.0.1:0
1-3: 201 [GET x=1&y=%20 {"sid":"a b","t":"1"} ] X-Got hello, X-Multi one|two, Set-Cookie a=1; Path=/|b=2
5 POST: byte-identical
5 PUT: byte-identical
5 PATCH: byte-identical
4: 127.0.0.1 0
8: over the limit 413 (before the body was sent), at the limit 200 127.0.0.1 1048576
7: bad uploads dir: 200 {"f":{"name":"a.txt","mime":"","size":0,"error":6,"tmpName":""}}
9: 444 body "", same worker: true
10: 444, fresh worker next: true
11: 500
12 trailer: 200 chunked true body body, X-Checksum as header: NULL, trailer: {"x-checksum":["abc123"]}
12 hints: 1 interim 103 Link </style.css>; rel=preload; as=style, final 200 final, final has Link: false, interim has X-Final: false
13 stream: 200 chunked true [one two three]
13 broken stream: partial body true, no final chunk: true
served after: 200
exit: 0
== unix://relay.sock
1-3: 201 [GET x=1&y=%20 {"sid":"a b","t":"1"} ] X-Got hello, X-Multi one|two, Set-Cookie a=1; Path=/|b=2
5 POST: byte-identical
5 PUT: byte-identical
5 PATCH: byte-identical
4: 127.0.0.1 0
8: over the limit 413 (before the body was sent), at the limit 200 127.0.0.1 1048576
7: bad uploads dir: 200 {"f":{"name":"a.txt","mime":"","size":0,"error":6,"tmpName":""}}
9: 444 body "", same worker: true
10: 444, fresh worker next: true
11: 500
12 trailer: 200 chunked true body body, X-Checksum as header: NULL, trailer: {"x-checksum":["abc123"]}
12 hints: 1 interim 103 Link </style.css>; rel=preload; as=style, final 200 final, final has Link: false, interim has X-Final: false
13 stream: 200 chunked true [one two three]
13 broken stream: partial body true, no final chunk: true
served after: 200
exit: 0
