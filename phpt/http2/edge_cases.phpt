--TEST--
HTTP/2 edge cases and attacks (tests/h2/h2probe.py, python3-h2): trailers, 103 as HEADERS, HEAD, 204; RST_STREAM ends a stream (PHP sees connection_aborted()) and the connection goes on; an oversized header list or an HPACK bomb resets its stream only; rapid reset, CONTINUATION, SETTINGS and PING floods close the connection without worker time; a zero-window client does not hold a worker; streams over max_concurrent_streams are refused; GOAWAY on a graceful stop with the in-flight request completed
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = <<<'PHP'
<?php
while (rr_handle_request(function () {
    $p = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
    if ($p === '/count') { file_put_contents(__DIR__ . '/count.txt', "x", FILE_APPEND); echo 'counted'; return; }
    if ($p === '/trailer') { header('Trailer: X-Checksum'); header('X-Checksum: abc123'); echo 'body'; return; }
    if ($p === '/hints') { header('Link: </a.css>; rel=preload'); headers_send(103); echo 'final'; return; }
    if ($p === '/status204') { http_response_code(204); return; }
    if ($p === '/slow') { usleep(700000); echo 'slow done'; return; }
    if ($p === '/big') { echo str_repeat('z', 3000000); return; }
    if ($p === '/ticks') {
        ignore_user_abort(true); // keep running to report connection_aborted()
        $end = microtime(true) + 8;
        for ($i = 0; microtime(true) < $end; $i++) {
            echo "tick $i\n";
            flush();
            if (connection_aborted()) { file_put_contents(__DIR__ . '/aborted.txt', 'connection_aborted() after the reset'); return; }
            usleep(20000);
        }
        file_put_contents(__DIR__ . '/aborted.txt', 'never noticed');
        return;
    }
    echo 'ok';
})) {}
PHP;
$probe = fn (RrTest\Server $s, string $scenario, string $arg = '') =>
    shell_exec('/usr/bin/python3 ' . escapeshellarg(__DIR__ . '/../../tests/h2/h2probe.py') . " {$s->port} $scenario $arg 2>&1");

$s = RrTest\Server::start($worker, 2, ['-o', 'http.http2.h2c=true', '-d', 'output_buffering=0']);
echo $probe($s, 'basics');
echo $probe($s, 'slow_beside_fast');
echo $probe($s, 'reset');
echo '  PHP: ', (function () use ($s) {
    for ($i = 0; $i < 200 && !is_file("$s->dir/aborted.txt"); $i++) { usleep(50000); }
    return @file_get_contents("$s->dir/aborted.txt") ?: 'no note';
})(), "\n";
echo $probe($s, 'hpack_bomb');
foreach (['rapid_reset', 'continuation', 'settings_flood', 'ping_flood'] as $attack) {
    echo $probe($s, $attack);
}
$count = strlen((string)@file_get_contents("$s->dir/count.txt"));
echo 'requests of those attacks that reached PHP: ', $count <= 10 ? 'at most 10 (of 5000 + 1)' : $count, "\n";
echo 'still serving: ', $s->get('/')->body, "\n";
var_dump($s->stop());

// Zero window: the only worker answers someone else at once.
$s = RrTest\Server::start($worker, 1, ['-o', 'http.http2.h2c=true']);
$holder = proc_open(['/usr/bin/python3', __DIR__ . '/../../tests/h2/h2probe.py', (string)$s->port, 'zero_window', '5'],
    [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
echo trim(fgets($pipes[1])), "\n";
$t0 = microtime(true);
$r = $s->get('/');
echo 'the only worker serves another client meanwhile: ', $r->body, ' before the holder lets go: ', var_export(microtime(true) - $t0 < 4.5, true), "\n";
proc_terminate($holder);
proc_close($holder);
var_dump($s->stop());

$s = RrTest\Server::start($worker, 2, ['-o', 'http.http2.h2c=true', '-o', 'http.http2.max_concurrent_streams=2']);
echo $probe($s, 'streams_over_limit');
var_dump($s->stop());

// Graceful stop with a request in flight.
$s = RrTest\Server::start($worker, 1, ['-o', 'http.http2.h2c=true']);
$client = proc_open(['/usr/bin/python3', __DIR__ . '/../../tests/h2/h2probe.py', (string)$s->port, 'goaway'],
    [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
echo trim(fgets($pipes[1])), "\n";
usleep(200000);
posix_kill($s->pid, SIGTERM);
echo trim(stream_get_contents($pipes[1])), "\n";
proc_close($client);
var_dump($s->wait());
?>
--EXPECTF--
trailers: 200 body trailer x-checksum = abc123 | x-checksum among headers: False
103 early hints: [('103', '</a.css>; rel=preload')] then 200 final
HEAD: 200 body 0 bytes
204: 204 body 0 bytes
header list over max_header_size: reset
the connection goes on: 200 ok
all answered: done
fast answers before the slow one: True | within 0.3 s: True | slow one after 0.5 s: True
streaming before the reset: done
after the reset the connection goes on: 200
  PHP: connection_aborted() after the reset
HPACK bomb: wire %d bytes | its stream reset: INTERNAL_ERROR | the next request served: True | connection closed: False
rapid reset: connection closed: True | GOAWAY seen: True
CONTINUATION flood: connection closed: True
settings flood: connection closed: True
ping flood: connection closed: True
requests of those attacks that reached PHP: at most 10 (of 5000 + 1)
still serving: ok
int(0)
zero window: status 200 - holding the connection
the only worker serves another client meanwhile: ok before the holder lets go: true
int(0)
streams answered: [1, 3] | reset: [(5, 'REFUSED_STREAM')]
int(0)
ready
GOAWAY received: True | in-flight request: 200 slow done
int(0)
