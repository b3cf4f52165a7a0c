--TEST--
Embedded workers: headers_send(103) sends 103 Early Hints with the Link headers set so far and the final response follows; headers_send() sends status and headers at once; flush() streams; rr_finish_request() completes the response while the script goes on (its later output dropped, the worker busy until it returns); connection_aborted() turns 1 when the client leaves mid-stream (the script stops at the next flush() unless ignore_user_abort(true))
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = <<<'PHP'
<?php
// Waits (bounded) until the test creates the file $name, then removes it.
function wait_for(string $name): bool {
    for ($i = 0; $i < 250; $i++) {
        clearstatcache();
        if (is_file(__DIR__ . "/$name")) { unlink(__DIR__ . "/$name"); return true; }
        usleep(20000);
    }
    return false;
}
function note(string $name, string $text): void { file_put_contents(__DIR__ . "/$name", $text); }

while (rr_handle_request(function () {
    header('Content-Type: text/plain; charset=UTF-8');
    switch (parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH)) {
    case '/hints':
        header('Link: </style.css>; rel=preload; as=style');
        $a = headers_send(103);
        header('Link: </app.js>; rel=preload; as=script', false);
        $b = headers_send(103);
        header('X-Final: yes');
        http_response_code(201);
        echo "first=$a second=$b aborted=", connection_aborted();
        break;
    case '/send-now':
        header('X-Early: 1');
        $rc = headers_send();
        $again = headers_send();
        $late = headers_send(103);
        echo "part one rc=$rc again=$again late=$late\n";
        flush();
        wait_for('go-send');
        echo "part two\n";
        break;
    case '/send-201':
        $rc = headers_send(201);
        echo "rc=$rc";
        break;
    case '/finish':
        echo 'done';
        $first = rr_finish_request();
        $second = rr_finish_request();
        echo ' dropped';
        header('X-Too-Late: 1');
        wait_for('go-finish');
        note('finished', "after finish: first=" . var_export($first, true) . " second=" . var_export($second, true) . " aborted=" . connection_aborted());
        break;
    case '/finish-stream':
        echo 'a';
        flush();
        echo 'b';
        rr_finish_request();
        echo 'c';
        break;
    case '/abort-ignore':
        ignore_user_abort(true);
        for ($i = 0; $i < 300; $i++) {
            echo "tick $i\n";
            flush();
            if (connection_aborted()) {
                note('abort-ignore', "noticed after $i ticks, connection_aborted=" . connection_aborted() . ", still running");
                return;
            }
            usleep(20000);
        }
        note('abort-ignore', 'never noticed');
        break;
    case '/abort-stop':
        for ($i = 0; $i < 300; $i++) {
            echo "tick $i\n";
            flush();
            note('progress', (string)$i);
            usleep(20000);
        }
        note('abort-stop-end', 'the loop ran to its end');
        break;
    default:
        echo 'pong aborted=', connection_aborted(), ' ignore=', ignore_user_abort();
    }
})) {}
PHP;
$s = RrTest\Server::start($worker, 1, ['-d', 'output_buffering=0']);

function wait_file(string $path, float $timeout = 8.0): ?string
{
    $deadline = microtime(true) + $timeout;
    while (microtime(true) < $deadline) {
        clearstatcache();
        if (is_file($path)) {
            usleep(20000);
            return file_get_contents($path);
        }
        usleep(20000);
    }
    return null;
}

function readable($sock, float $timeout): bool
{
    $r = [$sock];
    $w = $e = null;
    return (bool)stream_select($r, $w, $e, (int)$timeout, (int)(fmod($timeout, 1) * 1e6));
}

// 103 Early Hints: interim responses with the headers set so far, then the final one.
$c = $s->connect();
$r = $c->request('GET', '/hints');
echo 'interim: ', count($r->interim), "\n";
foreach ($r->interim as $i => $h) {
    echo "  $i: ", $h->protocol, ' ', $h->status, ' Link: ', $h->header('Link'), ' | X-Final: ', var_export($h->header('X-Final'), true), ' | Content-Length: ', var_export($h->header('Content-Length'), true), "\n";
}
echo 'final: ', $r->status, ' Link: ', $r->header('Link'), ' | X-Final: ', $r->header('X-Final'), ' | ', $r->body, "\n";
echo 'same connection: ', $c->request('GET', '/ping')->body, "\n";
$c->close();
$c = $s->connect();
$c->send(RrTest\build_request('GET', '/hints', [], '', 'HTTP/1.0'));
$r = $c->read();
echo 'HTTP/1.0 client: interim ', count($r->interim), ', final ', $r->status, ' ', $r->body, "\n";
$c->close();

// headers_send(): status and headers go out before the body exists; flush() sends part one.
$sock = stream_socket_client("tcp://127.0.0.1:$s->port", $errno, $errstr, 5);
fwrite($sock, "GET /send-now HTTP/1.1\r\nHost: localhost\r\n\r\n");
$got = '';
$deadline = microtime(true) + 4;
while (!str_contains($got, "part one") && microtime(true) < $deadline) {
    if (readable($sock, 0.1)) {
        $got .= (string)fread($sock, 65536);
    }
}
echo 'before part two: ', strtok($got, "\r\n"), ' | X-Early ', var_export(stripos($got, "\r\nX-Early: 1\r\n") !== false, true),
    ' | chunked ', var_export(stripos($got, "\r\nTransfer-Encoding: chunked\r\n") !== false, true),
    ' | ', json_encode(preg_match('/part one[^\n]*/', $got, $m) ? $m[0] : null), "\n";
touch("$s->dir/go-send");
$deadline = microtime(true) + 8;
while (!str_contains($got, "\r\n0\r\n\r\n") && microtime(true) < $deadline) {
    if (readable($sock, 0.1)) {
        $got .= (string)fread($sock, 65536);
    }
}
echo 'after: part two ', var_export(str_contains($got, "part two\n"), true), ', last chunk ', var_export(str_ends_with($got, "\r\n0\r\n\r\n"), true), "\n";
fclose($sock);
$r = $s->get('/send-201');
echo 'headers_send(201): ', $r->status, ' ', $r->body, "\n";

// rr_finish_request(): the client has it all while the script is still running.
$c = $s->connect();
$r = $c->request('GET', '/finish');
echo 'finish: ', $r->status, ' | Content-Length ', var_export($r->header('Content-Length'), true), ' | chunked ', var_export($r->chunked, true),
    ' | X-Too-Late ', var_export($r->header('X-Too-Late'), true), ' | ', json_encode($r->body), "\n";
echo 'script still running: ', var_export(!is_file("$s->dir/finished"), true), "\n";
// The worker (the only one) takes no other request until its handler returns.
$c2 = $s->connect();
$c2->send(RrTest\build_request('GET', '/ping'));
echo 'second request answered while busy: ', var_export(readable($c2->sock, 0.4), true), "\n";
touch("$s->dir/go-finish");
echo 'marker: ', wait_file("$s->dir/finished"), "\n";
echo 'second request: ', $c2->read()->body, "\n";
$c2->close();
echo 'first connection still usable: ', $c->request('GET', '/ping')->body, "\n";
$c->close();
$r = $s->get('/finish-stream');
echo 'finish after flush: ', $r->status, ' chunked ', var_export($r->chunked, true), ' ', json_encode($r->body), "\n";

echo 'one worker throughout: ', count($s->workers()), "\n";
echo 'exit: ', $s->stop(), "\n";

// connection_aborted(): the client reads a little and leaves. Each case on a fresh server.
function stream_then_leave(RrTest\Server $s, string $path): void
{
    $sock = stream_socket_client("tcp://127.0.0.1:$s->port", $errno, $errstr, 5);
    fwrite($sock, "GET /$path HTTP/1.1\r\nHost: localhost\r\n\r\n");
    $got = '';
    $deadline = microtime(true) + 4;
    while (!str_contains($got, "tick 1\n") && microtime(true) < $deadline) {
        if (readable($sock, 0.1)) {
            $got .= (string)fread($sock, 65536);
        }
    }
    echo "$path: streaming ", var_export(str_contains($got, "tick 1\n"), true), "\n";
    fclose($sock);
}
foreach (['abort-stop', 'abort-ignore'] as $path) {
    $s = RrTest\Server::start($worker, 1, ['-d', 'output_buffering=0']);
    stream_then_leave($s, $path);
    if ($path === 'abort-ignore') {
        $note = wait_file("$s->dir/abort-ignore");
        echo '  ', preg_replace('/after \d+ ticks/', 'after N ticks', (string)$note), "\n";
        echo '  noticed only after the client left (N >= 1): ', var_export(preg_match('/after (\d+) ticks/', (string)$note, $m) && $m[1] >= 1, true), "\n";
    }
    // The single worker answers this only once the handler above has returned.
    $c = $s->connect(12);
    $r = $c->request('GET', '/ping');
    $c->close();
    if ($path === 'abort-stop') {
        clearstatcache();
        echo '  stopped at a flush(): loop end reached ', var_export(is_file("$s->dir/abort-stop-end"), true),
            ', ticks run under 299 ', var_export((int)@file_get_contents("$s->dir/progress") < 299, true), "\n";
    }
    // connection_aborted() belongs to the request: the next client is not "aborted".
    echo '  next request: ', $r->status, ' ', substr($r->body, 0, strlen('pong aborted=0')), "\n";
    echo '  exit: ', $s->stop(), "\n";
}
?>
--EXPECT--
interim: 2
  0: HTTP/1.1 103 Link: </style.css>; rel=preload; as=style | X-Final: NULL | Content-Length: NULL
  1: HTTP/1.1 103 Link: </style.css>; rel=preload; as=style, </app.js>; rel=preload; as=script | X-Final: NULL | Content-Length: NULL
final: 201 Link: </style.css>; rel=preload; as=style, </app.js>; rel=preload; as=script | X-Final: yes | first=103 second=103 aborted=0
same connection: pong aborted=0 ignore=0
HTTP/1.0 client: interim 0, final 201 first=103 second=103 aborted=0
before part two: HTTP/1.1 200 OK | X-Early true | chunked true | "part one rc=200 again=0 late=0"
after: part two true, last chunk true
headers_send(201): 201 rc=201
finish: 200 | Content-Length '4' | chunked false | X-Too-Late NULL | "done"
script still running: true
second request answered while busy: false
marker: after finish: first=true second=false aborted=0
second request: pong aborted=0 ignore=0
first connection still usable: pong aborted=0 ignore=0
finish after flush: 200 chunked true "ab"
one worker throughout: 1
exit: 0
abort-stop: streaming true
  stopped at a flush(): loop end reached false, ticks run under 299 true
  next request: 200 pong aborted=0
  exit: 0
abort-ignore: streaming true
  noticed after N ticks, connection_aborted=1, still running
  noticed only after the client left (N >= 1): true
  next request: 200 pong aborted=0
  exit: 0
