--TEST--
Direct dispatch in classic mode: each worker routes its own requests (scripts, PATH_INFO, directory indexes and redirects, the front controller, static files with conditionals and ranges, refusals) and answers as the master's classic mode does, over keep-alive and pipelined connections; static answers do not count against max_jobs
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$big = '';
for ($i = 0; strlen($big) < 300000; $i++) {
    $big .= "line $i of a file sent with sendfile\n";
}
$files = [
    'public/index.php' => '<?php echo "front ", $_SERVER["SCRIPT_NAME"], " uri=", $_SERVER["REQUEST_URI"], " q=", $_SERVER["QUERY_STRING"], " root=", basename($_SERVER["DOCUMENT_ROOT"]);',
    'public/info.php' => '<?php echo "info ", $_SERVER["SCRIPT_NAME"], " pi=", $_SERVER["PATH_INFO"] ?? "-", " m=", $_SERVER["REQUEST_METHOD"], " body=", file_get_contents("php://input");',
    'public/sub/index.php' => '<?php header("X-Sub: 1"); echo "sub index";',
    'public/docs/index.html' => "<p>docs</p>\n",
    'public/style.css' => "body { color: red }\n",
    'public/big.txt' => $big,
    'public/UPPER.PHP' => '<?php echo "source";',
    'public/.env' => "SECRET=1\n",
    'public/notes.txt' => "notes\n",
];
$master = RrTest\Server::prepare($files);
$direct = RrTest\Server::prepare($files);
foreach ([$master, $direct] as $s) {
    mkdir("$s->dir/public/empty");
    foreach (array_keys($files) as $name) {
        touch("$s->dir/$name", 1700000000); // the same Last-Modified and ETag in both trees
    }
}
$master->launch(['serve', '--root', "$master->dir/public", '--listen', '127.0.0.1:0', '--workers', '1']);
$direct->launch(['serve', '--root', "$direct->dir/public", '--listen', '127.0.0.1:0', '--workers', '1',
                 '-o', 'http.pool.dispatch=direct']);
$date = gmdate('D, d M Y H:i:s', 1700000000) . ' GMT';
$cases = [
    ['GET', '/', []],
    ['HEAD', '/', []],
    ['GET', '/index.php?a=1', []],
    ['GET', '/info.php/extra/path?x=1', []],
    ['POST', '/info.php', ['Content-Type' => 'text/plain'], 'posted'],
    ['GET', '/sub', []],
    ['GET', '/sub?q=1', []],
    ['GET', '/sub/', []],
    ['GET', '/docs/', []],
    ['GET', '/empty/', []],
    ['GET', '/style.css', []],
    ['HEAD', '/style.css', []],
    ['GET', '/style.css', ['If-None-Match' => '"6553f100-15"']],
    ['GET', '/style.css', ['If-None-Match' => 'W/"x", "6553f100-14"']],
    ['GET', '/style.css', ['If-Modified-Since' => $date]],
    ['GET', '/big.txt', []],
    ['GET', '/big.txt', ['Range' => 'bytes=10-19']],
    ['GET', '/big.txt', ['Range' => 'bytes=-5']],
    ['GET', '/big.txt', ['Range' => 'bytes=999999999-']],
    ['GET', '/big.txt', ['Range' => 'bytes=0-1', 'If-Range' => '"stale"']],
    ['POST', '/style.css', [], 'x'],
    ['GET', '/UPPER.PHP', []],
    ['GET', '/.env', []],
    ['GET', '/%2e%2e/%2e%2e/etc/passwd', []],
    ['GET', '/bad%zz', []],
    ['GET', '/missing.php', []],
    ['GET', '/missing.php/x', []],
    ['GET', '/no/such/route?z=2', []],
];
$keep = ['content-type', 'content-length', 'etag', 'last-modified', 'location', 'allow', 'content-range',
         'accept-ranges', 'x-sub'];
$describe = function (RrTest\Response $r) use ($keep): string {
    $h = [];
    foreach ($keep as $name) {
        if (($v = $r->header($name)) !== null) {
            $h[] = "$name: $v";
        }
    }
    $body = strlen($r->body) > 80 ? 'md5 ' . md5($r->body) . ' len ' . strlen($r->body) : $r->body;
    return "$r->status [" . implode('; ', $h) . "] " . trim(str_replace("\n", '\n', $body));
};
// One keep-alive connection each, every request on it.
$cm = $master->connect();
$cd = $direct->connect();
foreach ($cases as $case) {
    [$method, $path, $headers] = $case;
    $body = $case[3] ?? '';
    $a = $describe($cm->request($method, $path, $headers, $body));
    $b = $describe($cd->request($method, $path, $headers, $body));
    echo "$method $path: ", $a === $b ? "same: $a" : "DIFFERENT\n  master: $a\n  direct: $b", "\n";
}
// Pipelined: a static file, a script and a redirect in one write; answered in order.
$raw = RrTest\build_request('GET', '/style.css') . RrTest\build_request('GET', '/info.php/p') . RrTest\build_request('GET', '/sub');
$cd->send($raw);
foreach ([false, false, false] as $head) {
    $r = $cd->read($head);
    echo "pipelined: $r->status ", trim($r->body) ?: $r->header('location'), "\n";
}
$master->stop();
$direct->stop();

// max_jobs counts PHP requests only: with max_jobs 2, static answers on the same connection leave
// the worker in place; the second script run is answered with Connection: close and a new worker
// serves the next connection.
$s = RrTest\Server::prepare(['public/pid.php' => '<?php echo getmypid();', 'public/a.txt' => "a\n"]);
$s->launch(['serve', '--root', "$s->dir/public", '--listen', '127.0.0.1:0', '--workers', '1',
            '-o', 'http.pool.dispatch=direct', '-o', 'http.pool.max_jobs=2']);
$c = $s->connect();
$first = $c->request('GET', '/pid.php')->body;
$statics = [];
for ($i = 0; $i < 5; $i++) {
    $statics[] = $c->request('GET', '/a.txt')->status;
}
$r = $c->request('GET', '/pid.php');
echo 'statics: ', implode(' ', $statics), '; same worker after them: ', $r->body === $first ? 'yes' : 'no',
     '; connection: ', $r->header('connection'), "\n";
$deadline = microtime(true) + 10;
do {
    $next = $s->get('/pid.php');
} while (($next->status !== 200 || $next->body === $first) && microtime(true) < $deadline && usleep(20000) === null);
echo 'next worker: ', $next->status, ' ', $next->body !== $first ? 'new' : 'same', "\n";
$s->stop();
?>
--EXPECT--
GET /: same: 200 [content-type: text/html; charset=UTF-8; content-length: 37] front /index.php uri=/ q= root=public
HEAD /: same: 200 [content-type: text/html; charset=UTF-8] 
GET /index.php?a=1: same: 200 [content-type: text/html; charset=UTF-8; content-length: 53] front /index.php uri=/index.php?a=1 q=a=1 root=public
GET /info.php/extra/path?x=1: same: 200 [content-type: text/html; charset=UTF-8; content-length: 41] info /info.php pi=/extra/path m=GET body=
POST /info.php: same: 200 [content-type: text/html; charset=UTF-8; content-length: 37] info /info.php pi= m=POST body=posted
GET /sub: same: 301 [content-type: text/plain; charset=utf-8; content-length: 0; location: /sub/] 
GET /sub?q=1: same: 301 [content-type: text/plain; charset=utf-8; content-length: 0; location: /sub/?q=1] 
GET /sub/: same: 200 [content-type: text/html; charset=UTF-8; content-length: 9; x-sub: 1] sub index
GET /docs/: same: 200 [content-type: text/html; content-length: 12; etag: "6553f100-c"; last-modified: Tue, 14 Nov 2023 22:13:20 GMT; accept-ranges: bytes] <p>docs</p>\n
GET /empty/: same: 403 [content-type: text/plain; charset=utf-8; content-length: 10] forbidden\n
GET /style.css: same: 200 [content-type: text/css; content-length: 20; etag: "6553f100-14"; last-modified: Tue, 14 Nov 2023 22:13:20 GMT; accept-ranges: bytes] body { color: red }\n
HEAD /style.css: same: 200 [content-type: text/css; content-length: 20; etag: "6553f100-14"; last-modified: Tue, 14 Nov 2023 22:13:20 GMT; accept-ranges: bytes] 
GET /style.css: same: 200 [content-type: text/css; content-length: 20; etag: "6553f100-14"; last-modified: Tue, 14 Nov 2023 22:13:20 GMT; accept-ranges: bytes] body { color: red }\n
GET /style.css: same: 304 [etag: "6553f100-14"; last-modified: Tue, 14 Nov 2023 22:13:20 GMT] 
GET /style.css: same: 304 [etag: "6553f100-14"; last-modified: Tue, 14 Nov 2023 22:13:20 GMT] 
GET /big.txt: same: 200 [content-type: text/plain; content-length: 300009; etag: "6553f100-493e9"; last-modified: Tue, 14 Nov 2023 22:13:20 GMT; accept-ranges: bytes] md5 07911d4a21b068e3eaedfb2e627f5cb1 len 300009
GET /big.txt: same: 206 [content-type: text/plain; content-length: 10; etag: "6553f100-493e9"; last-modified: Tue, 14 Nov 2023 22:13:20 GMT; content-range: bytes 10-19/300009; accept-ranges: bytes] a file sen
GET /big.txt: same: 206 [content-type: text/plain; content-length: 5; etag: "6553f100-493e9"; last-modified: Tue, 14 Nov 2023 22:13:20 GMT; content-range: bytes 300004-300008/300009; accept-ranges: bytes] file\n
GET /big.txt: same: 416 [content-type: text/plain; charset=utf-8; content-length: 0; etag: "6553f100-493e9"; last-modified: Tue, 14 Nov 2023 22:13:20 GMT; content-range: bytes */300009; accept-ranges: bytes] 
GET /big.txt: same: 200 [content-type: text/plain; content-length: 300009; etag: "6553f100-493e9"; last-modified: Tue, 14 Nov 2023 22:13:20 GMT; accept-ranges: bytes] md5 07911d4a21b068e3eaedfb2e627f5cb1 len 300009
POST /style.css: same: 405 [content-type: text/plain; charset=utf-8; content-length: 19; allow: GET, HEAD] method not allowed\n
GET /UPPER.PHP: same: 403 [content-type: text/plain; charset=utf-8; content-length: 10] forbidden\n
GET /.env: same: 403 [content-type: text/plain; charset=utf-8; content-length: 10] forbidden\n
GET /%2e%2e/%2e%2e/etc/passwd: same: 403 [content-type: text/plain; charset=utf-8; content-length: 10] forbidden\n
GET /bad%zz: same: 400 [content-type: text/plain; charset=utf-8; content-length: 17] bad request path\n
GET /missing.php: same: 404 [content-type: text/plain; charset=utf-8; content-length: 10] not found\n
GET /missing.php/x: same: 404 [content-type: text/plain; charset=utf-8; content-length: 10] not found\n
GET /no/such/route?z=2: same: 200 [content-type: text/html; charset=UTF-8; content-length: 57] front /index.php uri=/no/such/route?z=2 q=z=2 root=public
pipelined: 200 body { color: red }
pipelined: 200 info /info.php pi=/p m=GET body=
pipelined: 301 /sub/
statics: 200 200 200 200 200; same worker after them: yes; connection: close
next worker: 200 new
