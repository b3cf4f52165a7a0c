--TEST--
static middleware: files below http.static.dir with Content-Type, Last-Modified, crc32 ETag (weak too), 304s, byte ranges (206, multipart/byteranges, 416), HEAD; traversal (.., %2e%2e, ..%2f), dotfiles and symlinks out of the dir are 403, a bad escape 400; missing files, directories, forbidden and not-allowed extensions and non-GET methods go to PHP; static.response headers only on static hits. Embedded and exec'd goridge workers
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';

$css = "body { color: red; }\n/* static */\n";
$files = [
    'public/style.css' => $css,
    'public/app.js' => "console.log('hi');\n",
    'public/index.html' => "<h1>hi</h1>\n",
    'public/data.json' => '{"a":1}',
    'public/pixel.png' => "\x89PNG\r\n\x1a\n",
    'public/blob.xyz' => "raw",
    'public/secret.php' => "<?php echo 'source';",
    'public/notes.md' => "# notes\n",
    'public/sub/inner.txt' => "inner\n",
    'public/my file.txt' => "spaced\n",
    'public/ü.txt' => "umlaut\n",
    'public/.env' => "SECRET=1\n",
    'public/.git/config' => "[core]\n",
    'public/.well-known/security.txt' => "Contact: me\n",
    'outside.txt' => "outside the static dir\n",
];
$embed = "<?php\nwhile (rr_handle_request(function () { echo 'php ', \$_SERVER['REQUEST_METHOD'], ' ', \$_SERVER['REQUEST_URI']; })) {}\n";
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$goridge = "<?php\nrequire '$lib';\n\$w = RrTest\\Goridge\\Worker::fromEnvironment();\n"
    . "while ((\$r = \$w->waitRequest()) !== null) { \$w->respond(200, ['Content-Type' => ['text/plain']], 'php ' . \$r['ctx']['method'] . ' ' . parse_url(\$r['ctx']['uri'], PHP_URL_PATH)); }\n";
$yaml = fn (string $static) => "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  middleware: [static]\n  static:\n$static  pool:\n    num_workers: 1\n";
// static.request is accepted and has no effect, as in RoadRunner (the README says so).
$main = "    dir: public\n    forbid: ['.php', 'md']\n    calculate_etag: true\n    request:\n      X-Req: 'ignored'\n    response:\n      X-Static: 'yes'\n      Cache-Control: 'max-age=60'\n";
$mtime = 1700000000; // Tue, 14 Nov 2023 22:13:20 GMT

function launch(string $worker, string $yaml, array $files, int $mtime): RrTest\Server
{
    $s = RrTest\Server::prepare(['worker.php' => $worker, '.rr.yaml' => $yaml] + $files);
    touch("$s->dir/public/style.css", $mtime);
    symlink("$s->dir/outside.txt", "$s->dir/public/link-out.txt"); // points outside the dir
    symlink('../outside.txt', "$s->dir/public/rel-out.txt");
    symlink('style.css', "$s->dir/public/link-in.css");          // stays inside
    symlink($s->dir, "$s->dir/public/outdir");                    // a directory outside
    return $s->launch(['serve']);
}

// The directory symlink must go before the harness cleans up (it cannot rmdir() a symlink).
function finish(RrTest\Server $s): int
{
    $code = $s->stop();
    unlink("$s->dir/public/outdir");
    return $code;
}

function show(RrTest\Response $r, array $headers = ['Content-Type', 'Content-Length']): string
{
    $out = (string)$r->status;
    foreach ($headers as $h) {
        $out .= " | $h: " . ($r->header($h) ?? '-');
    }
    return $out . ' | ' . json_encode($r->body, JSON_INVALID_UTF8_SUBSTITUTE | JSON_UNESCAPED_SLASHES);
}

function checks(RrTest\Server $s, string $css, int $mtime): string
{
    $o = [];
    $etag = sprintf('"%x-%x"', crc32($css), strlen($css));
    $r = $s->get('/style.css');
    $o[] = 'css: ' . show($r, ['Content-Type', 'Content-Length', 'Last-Modified', 'Accept-Ranges', 'X-Static', 'Cache-Control']);
    $o[] = 'etag is crc32-size: ' . var_export($r->header('ETag') === $etag, true) . ', body exact: ' . var_export($r->body === $css, true);
    $o[] = 'link-in: ' . show($s->get('/link-in.css'));
    foreach (['/app.js', '/index.html', '/data.json', '/pixel.png', '/blob.xyz', '/.well-known/security.txt', '/sub/inner.txt'] as $p) {
        $o[] = "$p: " . show($s->get($p));
    }
    $o[] = 'query ignored: ' . show($s->get('/style.css?v=3'), ['Content-Length']);
    $o[] = 'escaped name: ' . show($s->get('/%73tyle.css'), ['Content-Length']);
    $o[] = 'space in the name: ' . show($s->get('/my%20file.txt'), ['Content-Length']);
    $o[] = 'UTF-8 name: ' . show($s->get('/%C3%BC.txt'), ['Content-Length']);
    $o[] = 'absolute-form target: ' . show($s->get('http://localhost/style.css'), ['Content-Length']);

    // Conditional requests.
    $r = $s->get('/style.css', ['If-None-Match' => $etag]);
    $o[] = 'If-None-Match same: ' . show($r, ['Content-Length', 'Content-Type', 'Last-Modified']) . ' etag ' . var_export($r->header('ETag') === $etag, true);
    $o[] = 'If-None-Match list with W/: ' . show($s->get('/style.css', ['If-None-Match' => '"zzz", W/' . $etag]), ['Content-Length']);
    $o[] = 'If-None-Match other: ' . show($s->get('/style.css', ['If-None-Match' => '"other-1"']), ['Content-Length']);
    $o[] = 'If-None-Match *: ' . show($s->get('/style.css', ['If-None-Match' => '*']), []);
    $o[] = 'If-Modified-Since same: ' . show($s->get('/style.css', ['If-Modified-Since' => gmdate('D, d M Y H:i:s', $mtime) . ' GMT']), ['Last-Modified']);
    $o[] = 'If-Modified-Since later: ' . show($s->get('/style.css', ['If-Modified-Since' => gmdate('D, d M Y H:i:s', $mtime + 3600) . ' GMT']), []);
    $o[] = 'If-Modified-Since earlier: ' . show($s->get('/style.css', ['If-Modified-Since' => gmdate('D, d M Y H:i:s', $mtime - 1) . ' GMT']), ['Content-Length']);
    $o[] = 'If-None-Match wins over If-Modified-Since: ' . show($s->get('/style.css', ['If-None-Match' => '"other-1"', 'If-Modified-Since' => gmdate('D, d M Y H:i:s', $mtime) . ' GMT']), ['Content-Length']);

    // Ranges.
    $size = strlen($css);
    $o[] = 'range 0-3: ' . show($s->get('/style.css', ['Range' => 'bytes=0-3']), ['Content-Range', 'Content-Length']);
    $o[] = 'range 7-: ' . show($s->get('/style.css', ['Range' => 'bytes=7-']), ['Content-Range', 'Content-Length']);
    $o[] = 'range -4: ' . show($s->get('/style.css', ['Range' => 'bytes=-4']), ['Content-Range', 'Content-Length']);
    $o[] = 'range end past size: ' . show($s->get('/style.css', ['Range' => 'bytes=30-9999']), ['Content-Range', 'Content-Length']);
    $o[] = 'range unsatisfiable: ' . show($s->get('/style.css', ['Range' => "bytes=$size-"]), ['Content-Range', 'Content-Length']);
    $o[] = 'range far: ' . show($s->get('/style.css', ['Range' => 'bytes=1000-2000']), ['Content-Range']);
    $o[] = 'range 0-0: ' . show($s->get('/style.css', ['Range' => 'bytes=0-0']), ['Content-Range']);
    $o[] = 'range -0: ' . show($s->get('/style.css', ['Range' => 'bytes=-0']), ['Content-Range']);
    $o[] = 'range -100: ' . show($s->get('/style.css', ['Range' => 'bytes=-100']), ['Content-Range']);
    $o[] = 'range 5-2 (invalid, ignored): ' . show($s->get('/style.css', ['Range' => 'bytes=5-2']), ['Content-Range', 'Content-Length']);
    $o[] = 'range in other units (ignored): ' . show($s->get('/style.css', ['Range' => 'items=0-1']), ['Content-Range', 'Content-Length']);
    $date = gmdate('D, d M Y H:i:s', $mtime) . ' GMT';
    $o[] = 'If-Range same etag: ' . show($s->get('/style.css', ['Range' => 'bytes=0-3', 'If-Range' => $etag]), ['Content-Range']);
    $o[] = 'If-Range other etag: ' . show($s->get('/style.css', ['Range' => 'bytes=0-3', 'If-Range' => '"old-1"']), ['Content-Range', 'Content-Length']);
    $o[] = 'If-Range same date: ' . show($s->get('/style.css', ['Range' => 'bytes=0-3', 'If-Range' => $date]), ['Content-Range']);
    $o[] = 'If-Range other date: ' . show($s->get('/style.css', ['Range' => 'bytes=0-3', 'If-Range' => gmdate('D, d M Y H:i:s', $mtime - 60) . ' GMT']), ['Content-Range', 'Content-Length']);
    $r = $s->get('/style.css', ['Range' => 'bytes=0-1,4-5']);
    $parts = [];
    if (preg_match('/^multipart\/byteranges; boundary=(\S+)$/', (string)$r->header('Content-Type'), $m)) {
        preg_match_all('/\r\n--' . preg_quote($m[1], '/') . '\r\nContent-Type: ([^\r]+)\r\nContent-Range: ([^\r]+)\r\n\r\n(.*?)(?=\r\n--' . preg_quote($m[1], '/') . ')/s', $r->body, $mm, PREG_SET_ORDER);
        foreach ($mm as $part) {
            $parts[] = "[$part[1]; $part[2]; " . json_encode($part[3]) . ']';
        }
        $parts[] = str_ends_with($r->body, "\r\n--$m[1]--\r\n") ? 'closed' : 'not closed';
    }
    $o[] = 'two ranges: ' . $r->status . ' length ok ' . var_export(strlen($r->body) === (int)$r->header('Content-Length'), true) . ' ' . implode(' ', $parts);
    $r = $s->get('/style.css', ['Range' => 'bytes=0-1,' . $size . '-']);
    $o[] = 'one of two satisfiable: ' . show($r, ['Content-Range', 'Content-Length']);
    $r = $s->get('/style.css', ['Range' => 'bytes=' . implode(',', array_fill(0, 40, '0-0'))]);
    $o[] = 'too many ranges (ignored): ' . show($r, ['Content-Range', 'Content-Length']);

    // HEAD: the headers of a GET, no body (the next response on the connection is intact).
    $c = $s->connect();
    $r = $c->request('HEAD', '/style.css');
    $o[] = 'HEAD: ' . show($r, ['Content-Length', 'Content-Type', 'X-Static']) . ' etag ' . var_export($r->header('ETag') === $etag, true);
    $o[] = 'after HEAD: ' . show($c->request('GET', '/app.js'), ['Content-Length']);
    $c->close();

    // Refused: traversal in every spelling, dotfiles, symlinks leading out.
    foreach (['/../outside.txt', '/..%2foutside.txt', '/%2e%2e/outside.txt', '/%2E%2E%2Foutside.txt', '/.%2e/outside.txt',
            '/sub/../../outside.txt', '/sub/%2e%2e/%2e%2e/outside.txt', '/sub/..%2f..%2foutside.txt', '/sub/../style.css',
            '/link-out.txt', '/rel-out.txt', '/outdir/outside.txt', '/.env', '/.git/config', '/sub/.hidden', '/%2eenv'] as $p) {
        $o[] = "$p: " . show($s->get($p), []);
    }
    foreach (['/%zz.css', '/style%2', '/a%00b'] as $p) {
        $o[] = "$p: " . show($s->get($p), []);
    }

    // Everything else goes to PHP, without the static.response headers.
    foreach (['/missing.css', '/sub', '/sub/', '/', '/secret.php', '/notes.md', '/style.css/'] as $p) {
        $o[] = "$p: " . show($s->get($p), ['X-Static', 'Cache-Control']);
    }
    $o[] = 'POST: ' . show($s->request('POST', '/style.css', [], 'x'), ['X-Static']);
    $o[] = 'DELETE: ' . show($s->request('DELETE', '/style.css'), ['X-Static']);
    return implode("\n", $o) . "\n";
}

$s = launch($embed, $yaml($main), $files, $mtime);
$embedOut = checks($s, $css, $mtime);
echo $embedOut;
finish($s);

$s = launch($goridge, $yaml($main), $files, $mtime);
$goOut = checks($s, $css, $mtime);
// Only the lines that differ from the embedded run are shown.
$a = explode("\n", $embedOut);
$b = explode("\n", $goOut);
$diff = array_filter(array_keys($b), fn ($i) => ($a[$i] ?? null) !== $b[$i]);
echo 'goridge worker: ', $diff ? "differs:\n" . implode("\n", array_map(fn ($i) => '  ' . $b[$i], $diff)) . "\n" : "same\n";
finish($s);

// weak ETags and an allow list: only .css is served, .js goes to PHP.
$s = launch($embed, $yaml("    dir: public\n    allow: ['.css']\n    calculate_etag: true\n    weak: true\n"), $files, $mtime);
$r = $s->get('/style.css');
echo 'weak: ', $r->status, ' ', var_export($r->header('ETag') === sprintf('W/"%x-%x"', crc32($css), strlen($css)), true), "\n";
echo 'weak, If-None-Match strong: ', $s->get('/style.css', ['If-None-Match' => sprintf('"%x-%x"', crc32($css), strlen($css))])->status, "\n";
echo 'allow: ', show($s->get('/app.js'), []), "\n";
finish($s);

// Without calculate_etag: no ETag at all.
$s = launch($embed, $yaml("    dir: public\n"), $files, $mtime);
$r = $s->get('/style.css');
echo 'no etag: ', $r->status, ' ', var_export($r->header('ETag'), true), ' ', $r->header('Last-Modified'), "\n";
echo 'exit: ', finish($s), "\n";
?>
--EXPECT--
css: 200 | Content-Type: text/css | Content-Length: 34 | Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT | Accept-Ranges: bytes | X-Static: yes | Cache-Control: max-age=60 | "body { color: red; }\n/* static */\n"
etag is crc32-size: true, body exact: true
link-in: 200 | Content-Type: text/css | Content-Length: 34 | "body { color: red; }\n/* static */\n"
/app.js: 200 | Content-Type: application/javascript | Content-Length: 19 | "console.log('hi');\n"
/index.html: 200 | Content-Type: text/html | Content-Length: 12 | "<h1>hi</h1>\n"
/data.json: 200 | Content-Type: application/json | Content-Length: 7 | "{\"a\":1}"
/pixel.png: 200 | Content-Type: image/png | Content-Length: 8 | "\ufffdPNG\r\n\u001a\n"
/blob.xyz: 200 | Content-Type: application/octet-stream | Content-Length: 3 | "raw"
/.well-known/security.txt: 200 | Content-Type: text/plain | Content-Length: 12 | "Contact: me\n"
/sub/inner.txt: 200 | Content-Type: text/plain | Content-Length: 6 | "inner\n"
query ignored: 200 | Content-Length: 34 | "body { color: red; }\n/* static */\n"
escaped name: 200 | Content-Length: 34 | "body { color: red; }\n/* static */\n"
space in the name: 200 | Content-Length: 7 | "spaced\n"
UTF-8 name: 200 | Content-Length: 7 | "umlaut\n"
absolute-form target: 200 | Content-Length: 34 | "body { color: red; }\n/* static */\n"
If-None-Match same: 304 | Content-Length: - | Content-Type: - | Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT | "" etag true
If-None-Match list with W/: 304 | Content-Length: - | ""
If-None-Match other: 200 | Content-Length: 34 | "body { color: red; }\n/* static */\n"
If-None-Match *: 304 | ""
If-Modified-Since same: 304 | Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT | ""
If-Modified-Since later: 304 | ""
If-Modified-Since earlier: 200 | Content-Length: 34 | "body { color: red; }\n/* static */\n"
If-None-Match wins over If-Modified-Since: 200 | Content-Length: 34 | "body { color: red; }\n/* static */\n"
range 0-3: 206 | Content-Range: bytes 0-3/34 | Content-Length: 4 | "body"
range 7-: 206 | Content-Range: bytes 7-33/34 | Content-Length: 27 | "color: red; }\n/* static */\n"
range -4: 206 | Content-Range: bytes 30-33/34 | Content-Length: 4 | " */\n"
range end past size: 206 | Content-Range: bytes 30-33/34 | Content-Length: 4 | " */\n"
range unsatisfiable: 416 | Content-Range: bytes */34 | Content-Length: 0 | ""
range far: 416 | Content-Range: bytes */34 | ""
range 0-0: 206 | Content-Range: bytes 0-0/34 | "b"
range -0: 416 | Content-Range: bytes */34 | ""
range -100: 206 | Content-Range: bytes 0-33/34 | "body { color: red; }\n/* static */\n"
range 5-2 (invalid, ignored): 200 | Content-Range: - | Content-Length: 34 | "body { color: red; }\n/* static */\n"
range in other units (ignored): 200 | Content-Range: - | Content-Length: 34 | "body { color: red; }\n/* static */\n"
If-Range same etag: 206 | Content-Range: bytes 0-3/34 | "body"
If-Range other etag: 200 | Content-Range: - | Content-Length: 34 | "body { color: red; }\n/* static */\n"
If-Range same date: 206 | Content-Range: bytes 0-3/34 | "body"
If-Range other date: 200 | Content-Range: - | Content-Length: 34 | "body { color: red; }\n/* static */\n"
two ranges: 206 length ok true [text/css; bytes 0-1/34; "bo"] [text/css; bytes 4-5/34; " {"] closed
one of two satisfiable: 206 | Content-Range: bytes 0-1/34 | Content-Length: 2 | "bo"
too many ranges (ignored): 200 | Content-Range: - | Content-Length: 34 | "body { color: red; }\n/* static */\n"
HEAD: 200 | Content-Length: 34 | Content-Type: text/css | X-Static: yes | "" etag true
after HEAD: 200 | Content-Length: 19 | "console.log('hi');\n"
/../outside.txt: 403 | "forbidden\n"
/..%2foutside.txt: 403 | "forbidden\n"
/%2e%2e/outside.txt: 403 | "forbidden\n"
/%2E%2E%2Foutside.txt: 403 | "forbidden\n"
/.%2e/outside.txt: 403 | "forbidden\n"
/sub/../../outside.txt: 403 | "forbidden\n"
/sub/%2e%2e/%2e%2e/outside.txt: 403 | "forbidden\n"
/sub/..%2f..%2foutside.txt: 403 | "forbidden\n"
/sub/../style.css: 403 | "forbidden\n"
/link-out.txt: 200 | "outside the static dir\n"
/rel-out.txt: 200 | "outside the static dir\n"
/outdir/outside.txt: 200 | "outside the static dir\n"
/.env: 403 | "forbidden\n"
/.git/config: 403 | "forbidden\n"
/sub/.hidden: 403 | "forbidden\n"
/%2eenv: 403 | "forbidden\n"
/%zz.css: 400 | "bad request path\n"
/style%2: 400 | "bad request path\n"
/a%00b: 400 | "bad request path\n"
/missing.css: 200 | X-Static: - | Cache-Control: - | "php GET /missing.css"
/sub: 200 | X-Static: - | Cache-Control: - | "php GET /sub"
/sub/: 200 | X-Static: - | Cache-Control: - | "php GET /sub/"
/: 200 | X-Static: - | Cache-Control: - | "php GET /"
/secret.php: 200 | X-Static: - | Cache-Control: - | "php GET /secret.php"
/notes.md: 200 | X-Static: - | Cache-Control: - | "php GET /notes.md"
/style.css/: 200 | X-Static: - | Cache-Control: - | "php GET /style.css/"
POST: 200 | X-Static: - | "php POST /style.css"
DELETE: 200 | X-Static: - | "php DELETE /style.css"
goridge worker: same
weak: 200 true
weak, If-None-Match strong: 304
allow: 200 | "php GET /app.js"
no etag: 200 NULL Tue, 14 Nov 2023 22:13:20 GMT
exit: 0
