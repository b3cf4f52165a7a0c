--TEST--
Regressions: a STOP for a finished stream does not abort the next (offered) request; rr_finish_request() frees a keep-alive connection at once; HEAD error answers have no body; a huge Origin with a CORS regex is refused, not fatal; PHP's 206 is not compressed; X-Sendfile keeps PHP's Content-Encoding
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = <<<'PHP'
<?php
while (rr_handle_request(function () {
    $u = $_SERVER['REQUEST_URI'];
    if (str_starts_with($u, '/a')) {
        echo "a1\n"; flush(); usleep(500000);
        echo "a2\n"; flush(); echo "a3\n"; flush();
        return;
    }
    if (str_starts_with($u, '/b')) {
        for ($i = 0; $i < 4; $i++) { echo "b$i\n"; flush(); usleep(50000); }
        echo "b-end\n";
        return;
    }
    if (str_starts_with($u, '/fin')) { // finishes, then waits (at most 5 s) until /next was served
        echo "done"; rr_finish_request();
        for ($i = 0; $i < 500 && !file_exists(__DIR__ . '/next-served'); $i++) { usleep(10000); }
        // Written aside and renamed: the test polls for the file and must never read it half-written.
        file_put_contents(__DIR__ . '/fin-saw.tmp', file_exists(__DIR__ . '/next-served') ? 'next served meanwhile' : 'alone');
        rename(__DIR__ . '/fin-saw.tmp', __DIR__ . '/fin-saw');
        return;
    }
    if (str_starts_with($u, '/next')) { touch(__DIR__ . '/next-served'); echo 'hi'; return; }
    if (str_starts_with($u, '/xbadfin')) { http_response_code(600); echo 'x'; rr_finish_request(); usleep(300000); return; }
    if (str_starts_with($u, '/xhintfin')) { http_response_code(103); rr_finish_request(); usleep(300000); return; }
    if (str_starts_with($u, '/r206')) { http_response_code(206); header('Content-Range: bytes 0-1999/4000'); header('Content-Type: text/plain'); echo str_repeat('x', 2000); return; }
    if (str_starts_with($u, '/gz')) { header('Content-Type: text/plain'); header('Content-Encoding: gzip'); header('X-Sendfile: ' . __DIR__ . '/big.txt.gz'); return; }
    echo 'hi';
})) {}
PHP;
$gz = gzencode(str_repeat("compressible text\n", 500));
$yaml = "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  middleware: [headers, gzip, sendfile]\n  headers:\n    cors:\n      allowed_origin_regex: '^https://(.*)\\.example\\.com$'\n      debug: true\n  pool:\n    num_workers: 1\n";
$s = RrTest\Server::startWith(['worker.php' => $worker, 'big.txt.gz' => $gz, '.rr.yaml' => $yaml], ['serve', '-d', 'output_buffering=0']);

// 1. Client A leaves its stream; B is queued behind it (offered to the same, only worker).
$a = $s->connect();
$a->send(RrTest\build_request('GET', '/a'));
usleep(200000);
$a->close();
$b = $s->connect();
$b->send(RrTest\build_request('GET', '/b'));
$r = $b->read();
echo 'B: ', $r->status, ' ', str_replace("\n", ' ', $r->body), "\n";

// 2. rr_finish_request(): the next request on the same keep-alive connection is answered at once
// (with one worker it waits for that worker, so use a second server with two).
$s2 = RrTest\Server::start($worker, 2, ['-d', 'output_buffering=0']);
$c = $s2->connect();
$r1 = $c->request('GET', '/fin');
$r2 = $c->request('GET', '/next');
for ($i = 0; $i < 600 && !file_exists("$s2->dir/fin-saw"); $i++) {
    usleep(10000);
}
echo 'finish: ', $r1->body, ' then ', $r2->body, ', the finished script saw: ', @file_get_contents("$s2->dir/fin-saw"), "\n";
// An invalid or interim-only status finished early still gets an answer (500), and pipelined
// requests get their own answers in order.
$c = $s2->connect();
$c->send(RrTest\build_request('GET', '/xbadfin') . RrTest\build_request('GET', '/xhintfin') . RrTest\build_request('GET', '/ok'));
$a1 = $c->read();
$a2 = $c->read();
$a3 = $c->read();
echo 'early finish without a usable status: ', $a1->status, ' ', $a2->status, ' then ', $a3->status, ' ', $a3->body, "\n";
echo 'exit: ', $s2->stop(), "\n";

// 3. HEAD answered by the server itself (classic mode's 404 for a missing script, 403 for .PHP):
// no body, so the next response on the connection is read correctly.
$cl = RrTest\Server::prepare(['public/index.php' => '<?php echo "front";', 'public/x.PHP' => '<?php secret();']);
$cl->launch(['serve', '--root', $cl->dir . '/public', '--listen', '127.0.0.1:0', '--workers', '1']);
$c = $cl->connect();
$c->send("HEAD /missing.php HTTP/1.1\r\nHost: x\r\n\r\nHEAD /x.PHP HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
$h1 = $c->read(true);
$h2 = $c->read(true);
$r = $c->read();
echo 'head, head, get: ', $h1->status, ' ', $h2->status, ' ', $r->status, ' ', $r->body, "\n";
echo 'source never served: ', $cl->get('/x.PHP')->status, "\n";
echo 'exit: ', $cl->stop(), "\n";

// 4. A 30 KB Origin against the regex: refused, the server lives.
$r = $s->get('/x', ['Origin' => 'https://' . str_repeat('a', 30000) . '.example.org']);
$ok = $s->get('/x', ['Origin' => 'https://app.example.com']);
echo 'huge origin: ', $r->status, ' ', var_export($r->header('access-control-allow-origin'), true), ', then ', $ok->header('access-control-allow-origin'), "\n";
echo 'cors debug log: ', var_export(str_contains($s->log(), "no CORS headers (origin or method not allowed)"), true), "\n";

// 5. A 206 from PHP is not compressed; 6. X-Sendfile of a .gz keeps PHP's Content-Encoding.
$r = $s->get('/r206', ['Accept-Encoding' => 'gzip']);
echo '206: ', $r->status, ' ', var_export($r->header('content-encoding'), true), ' ', strlen($r->body), "\n";
$r = $s->get('/gz', ['Accept-Encoding' => 'gzip']);
echo 'sendfile gz: ', $r->header('content-encoding'), ' ', var_export($r->body === $gz, true), "\n";
echo 'exit: ', $s->stop(), "\n";
?>
--EXPECT--
B: 200 b0 b1 b2 b3 b-end 
finish: done then hi, the finished script saw: next served meanwhile
early finish without a usable status: 500 500 then 200 hi
exit: 0
head, head, get: 404 403 200 front
source never served: 403
exit: 0
huge origin: 200 NULL, then https://app.example.com
cors debug log: true
206: 206 NULL 2000
sendfile gz: gzip true
exit: 0
