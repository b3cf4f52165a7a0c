--TEST--
Direct dispatch, HTTP/2 over TLS (ALPN h2, the workers' own nghttp2 sessions; tests/h2/h2probe.py, python3-h2): trailers, 103 as HEADERS, HEAD, 204, rr_finish_request(); RST_STREAM ends a stream (PHP sees connection_aborted()) and the connection goes on; an oversized header list or an HPACK bomb resets its stream only; a body over max_request_size gets 413; rapid reset, CONTINUATION, SETTINGS and PING floods close the connection without worker time; a zero-window client does not hold a worker (a streamed answer to it ends after write_timeout); a fast answer is not held behind a slow stream; a fatal error's 500 still reaches the client; streams over max_concurrent_streams are refused; GOAWAY on a graceful stop with the in-flight request completed; curl and classic-mode static files over h2
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
    if ($p === '/finish') { echo 'early'; rr_finish_request(); usleep(800000); return; }
    if ($p === '/slow') { usleep(700000); echo 'slow done'; return; }
    if ($p === '/big') { echo str_repeat('z', 3000000); return; }
    if ($p === '/fatal') { echo 'partial'; trigger_error('boom', E_USER_ERROR); }
    if ($p === '/flood') {
        ignore_user_abort(true);
        for ($i = 0; $i < 200 && !connection_aborted(); $i++) { echo str_repeat('f', 65536); flush(); }
        file_put_contents(__DIR__ . '/flood.txt', "$i chunks of 64 KB, then connection_aborted(): " . var_export(connection_aborted(), true));
        return;
    }
    if ($p === '/info') { echo $_SERVER['SERVER_PROTOCOL'], ' ', $_SERVER['HTTPS'] ?? '-', ' ', $_SERVER['SSL_PROTOCOL'] ?? '-', ' ', strlen(file_get_contents('php://input')); return; }
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
$certs = sys_get_temp_dir() . '/rr-phpt-certs-' . bin2hex(random_bytes(4));
RrTest\make_certs($certs);
// A direct-dispatch server with HTTPS only: h2 is what its workers speak when the client offers it.
$start = function (int $workers, array $extra = []) use ($worker, $certs): RrTest\Server {
    $s = RrTest\Server::prepare(['worker.php' => $worker]);
    mkdir("$s->dir/certs");
    foreach (['server.crt', 'server.key', 'ca.crt'] as $f) {
        copy("$certs/$f", "$s->dir/certs/$f");
    }
    return $s->launch(array_merge(['serve', 'worker.php', '--workers', (string)$workers, '-o', 'http.address=""',
        '-o', 'http.pool.dispatch=direct', '-o', 'http.ssl.address=127.0.0.1:0', '-o', 'http.ssl.cert=certs/server.crt',
        '-o', 'http.ssl.key=certs/server.key', '-d', 'output_buffering=0'], $extra),
        null, '#serving https://127\.0\.0\.1:(\d+) \(dispatch: direct\)#');
};
$probe = fn (RrTest\Server $s, string $scenario, string $arg = '') =>
    shell_exec('/usr/bin/python3 ' . escapeshellarg(__DIR__ . '/../../tests/h2/h2probe.py') . " tls:{$s->tlsPort} $scenario $arg 2>&1");

$s = $start(2, ['-o', 'http.max_request_size=1']);
[$rc, $out, $err] = RrTest\curl(['--cacert', "$certs/ca.crt", '--http2', '-v', "https://localhost:{$s->tlsPort}/info",
    '--next', '--cacert', "$certs/ca.crt", '--http2', '--data-binary', '@' . __FILE__, "https://localhost:{$s->tlsPort}/info"]);
echo "curl: rc=$rc ", str_contains($err, 'ALPN: server accepted h2') ? 'h2' : 'not h2', ' | ', $out, "\n";
[$rc, $out] = RrTest\curl(['--cacert', "$certs/ca.crt", '--http2', '-s', '-o', '/dev/null', '-w', '%{http_code}',
    '--data-binary', '@' . PHP_BINARY, "https://localhost:{$s->tlsPort}/info"]);
echo 'a body over max_request_size: ', $out, "\n";
[$rc, $out] = RrTest\curl(['--cacert', "$certs/ca.crt", '--http2', '-sI', "https://localhost:{$s->tlsPort}/info"]);
echo 'HEAD: ', trim(strtok($out, "\r\n")), ', content-length: ', preg_match('/^content-length: *(\d+)/mi', $out, $m) ? $m[1] : 'none (not the GET\'s)', "\n";
[$rc, $out] = RrTest\curl(['--cacert', "$certs/ca.crt", '--http2', "https://localhost:{$s->tlsPort}/finish", '-w', ' %{time_total}']);
[$body, $took] = explode(' ', $out);
echo "rr_finish_request(): $body, before the script ends: ", var_export((float)$took < 0.6, true), "\n";
echo $probe($s, 'basics');
echo $probe($s, 'fast_then_slow');
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
[$rc, $out] = RrTest\curl(['--cacert', "$certs/ca.crt", '--http2', "https://localhost:{$s->tlsPort}/"]);
echo "still serving: $out\n";
var_dump($s->stop());

// Zero window: the only worker answers someone else at once.
$s = $start(1, ['-o', 'http.write_timeout=1s']);
$holder = proc_open(['/usr/bin/python3', __DIR__ . '/../../tests/h2/h2probe.py', "tls:{$s->tlsPort}", 'zero_window', '5'],
    [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
echo trim(fgets($pipes[1])), "\n";
$t0 = microtime(true);
[$rc, $out] = RrTest\curl(['--cacert', "$certs/ca.crt", '--http2', "https://localhost:{$s->tlsPort}/"]);
echo 'the only worker serves another client meanwhile: ', $out, ' before the holder lets go: ', var_export(microtime(true) - $t0 < 4.5, true), "\n";
proc_terminate($holder);
proc_close($holder);
// A streamed answer (flush() after flush()) to a client that takes nothing: PHP waits once the
// worker holds 256 KB of it, and the stream ends after http.write_timeout without progress.
$holder = proc_open(['/usr/bin/python3', __DIR__ . '/../../tests/h2/h2probe.py', "tls:{$s->tlsPort}", 'zero_window', '8,/flood'],
    [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
echo trim(fgets($pipes[1])), "\n";
for ($i = 0; $i < 100 && !is_file("$s->dir/flood.txt"); $i++) { usleep(50000); }
echo 'the streaming script: ', @file_get_contents("$s->dir/flood.txt") ?: 'still held', "\n";
[$rc, $out] = RrTest\curl(['--cacert', "$certs/ca.crt", '--http2', "https://localhost:{$s->tlsPort}/"]);
echo "then serves others: $out\n";
proc_terminate($holder);
proc_close($holder);
// A fatal error ends the worker: the answer it owes still reaches the client, then GOAWAY.
[$rc, $out] = RrTest\curl(['--cacert', "$certs/ca.crt", '--http2', "https://localhost:{$s->tlsPort}/fatal", '-w', ' %{http_code}']);
echo "fatal error: rc=$rc ", preg_replace('/\s+/', ' ', $out), "\n";
[$rc, $out] = RrTest\curl(['--cacert', "$certs/ca.crt", '--http2', "https://localhost:{$s->tlsPort}/"]);
echo "the replacement serves: $out\n";
echo $probe($s, 'fatal_then_next');
var_dump($s->stop());

$s = $start(2, ['-o', 'http.http2.max_concurrent_streams=2']);
echo $probe($s, 'streams_over_limit');
var_dump($s->stop());

// Graceful stop with a request in flight.
$s = $start(1);
$client = proc_open(['/usr/bin/python3', __DIR__ . '/../../tests/h2/h2probe.py', "tls:{$s->tlsPort}", 'goaway'],
    [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
echo trim(fgets($pipes[1])), "\n";
usleep(200000);
posix_kill($s->pid, SIGTERM);
echo trim(stream_get_contents($pipes[1])), "\n";
proc_close($client);
var_dump($s->wait());

// Classic mode: the worker's own answers (static files, ranges, redirects) over h2.
$c = RrTest\Server::prepare(['index.php' => '<?php echo "script ", $_SERVER["SERVER_PROTOCOL"];', 'file.bin' => str_repeat("static\n", 300000),
    'sub/index.php' => '<?php echo "sub";']);
mkdir("$c->dir/certs");
foreach (['server.crt', 'server.key'] as $f) {
    copy("$certs/$f", "$c->dir/certs/$f");
}
$c->launch(['serve', '--root', $c->dir, '--workers', '1', '-o', 'http.address=""', '-o', 'http.pool.dispatch=direct',
    '-o', 'http.ssl.address=127.0.0.1:0', '-o', 'http.ssl.cert=certs/server.crt', '-o', 'http.ssl.key=certs/server.key'],
    null, '#serving https://127\.0\.0\.1:(\d+) \(dispatch: direct\)#');
$base = "https://localhost:{$c->tlsPort}";
[$rc, $out] = RrTest\curl(['--cacert', "$certs/ca.crt", '--http2', "$base/file.bin"]);
echo 'static file: ', $out === str_repeat("static\n", 300000) ? 'intact' : 'BROKEN ' . strlen($out), "\n";
[$rc, $out] = RrTest\curl(['--cacert', "$certs/ca.crt", '--http2', '-r', '7-13', "$base/file.bin", '-w', ' %{http_code} %{http_version}']);
echo 'range: ', json_encode($out), "\n";
[$rc, $out] = RrTest\curl(['--cacert', "$certs/ca.crt", '--http2', "$base/sub", '-w', '%{http_code} %{redirect_url}']);
echo 'directory: ', str_replace($c->tlsPort, 'TLSPORT', $out), "\n";
[$rc, $out] = RrTest\curl(['--cacert', "$certs/ca.crt", '--http2', "$base/"]);
echo $out, "\n";
// A client that asks for 40 static files and takes nothing: the worker holds a few descriptors, not 40.
$fds = fn () => array_sum(array_map(fn ($p) => count(glob("/proc/$p/fd/*") ?: []), $c->descendants()));
$before = $fds();
$holder = proc_open(['/usr/bin/python3', __DIR__ . '/../../tests/h2/h2probe.py', "tls:{$c->tlsPort}", 'zero_window', '5,/file.bin,40'],
    [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
echo trim(fgets($pipes[1])), "\n";
usleep(300000);
$during = $fds() - $before;
echo 'descriptors held for it: ', $during <= 6 ? 'at most 6' : $during, "\n";
[$rc, $out] = RrTest\curl(['--cacert', "$certs/ca.crt", '--http2', "$base/"]);
echo "others served meanwhile: $out\n";
proc_terminate($holder);
proc_close($holder);
var_dump($c->stop());
?>
--EXPECTF--
curl: rc=0 h2 | HTTP/2.0 on TLSv1.3 0HTTP/2.0 on TLSv1.3 %d
a body over max_request_size: 413
HEAD: HTTP/2 200, content-length: none (not the GET's)
rr_finish_request(): early, before the script ends: true
trailers: 200 body trailer x-checksum = abc123 | x-checksum among headers: False
103 early hints: [('103', '</a.css>; rel=preload')] then 200 final
HEAD: 200 body 0 bytes
204: 204 body 0 bytes
header list over max_header_size: reset
the connection goes on: 200 ok
both answered: done
the fast answer within 0.3 s: True | the slow one after 0.5 s: True
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
zero window: status 200 - holding the connection
the streaming script: %d chunks of 64 KB, then connection_aborted(): 1
then serves others: ok
fatal error: rc=0 %s 500
the replacement serves: ok
fatal: 500 ended: True | GOAWAY last stream: 1 | the other stream answered or left for a retry: True
int(0)
streams answered: [1, 3] | reset: [(5, 'REFUSED_STREAM')]
int(0)
ready
GOAWAY received: True | in-flight request: 200 slow done
int(0)
static file: intact
range: "static\n 206 2"
directory: 301 https://localhost:TLSPORT/sub/
script HTTP/2.0
zero window: status 200 - holding the connection
descriptors held for it: at most 6
others served meanwhile: script HTTP/2.0
int(0)
