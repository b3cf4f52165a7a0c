<?php
require __DIR__ . '/../fpm.inc';
$root = realpath(__DIR__ . '/app/public');
$sessions = sys_get_temp_dir() . '/rr-classic-sessions-' . bin2hex(random_bytes(6));
mkdir($sessions);
register_shutdown_function(function () use ($sessions) {
    array_map('unlink', glob("$sessions/*"));
    @rmdir($sessions);
});
$fpm = RrTest\Fpm::start($root, 'index.php', ['session.save_path' => $sessions]);

// run-tests.php leaves CGI variables in the environment for its own CGI mode (REDIRECT_STATUS,
// QUERY_STRING, PATH_TRANSLATED, SCRIPT_FILENAME, REQUEST_METHOD, CONTENT_TYPE, CONTENT_LENGTH,
// HTTP_COOKIE). rr-php puts its environment into $_SERVER, so they are kept away from it: a
// server's environment does not have them, and php-fpm (clear_env = yes) sees none either.
$env = array_filter(getenv(), fn ($k) => !str_starts_with($k, 'HTTP_') && !in_array($k, ['REDIRECT_STATUS',
    'QUERY_STRING', 'PATH_TRANSLATED', 'SCRIPT_FILENAME', 'REQUEST_METHOD', 'CONTENT_TYPE', 'CONTENT_LENGTH'], true),
    ARRAY_FILTER_USE_KEY);
try {
    $rr = RrTest\Server::startWith([], ['serve', '--root', $root, '--listen', '127.0.0.1:0', '--workers', '2',
        '-d', 'session.save_path=' . $sessions], $env);
} catch (RuntimeException $e) {
    echo "rr-php classic mode (serve --root) did not start:\n", $e->getMessage(), "\n";
    exit(1);
}

$doc = str_repeat("classic upload \x00\xff\n", 1500); // the same bytes to both servers
$b = 'classicBoundary7';
$multipart = ['Content-Type' => "multipart/form-data; boundary=$b"];
$upload = "--$b\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"report.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n$doc\r\n--$b--\r\n";
$form = ['Content-Type' => 'application/x-www-form-urlencoded'];
$dump = ['X-Dump-Server' => '1'];

// [method, target, headers, body, kind, options]. Kinds:
//   page    PHP's answer: status, body and the headers PHP sets must be equal
//   static  a file: status, media type and body
//   server  the server's own answer (nginx's HTML pages differ from rr-php's): status and Location
//   refused a path outside the root: any 4xx, never the file
//   vars    a dump of $_SERVER, $_GET, $_POST and the cwd (server_vars_compared())
// Options: 'jar' sends the session cookie from that server's previous answers; 'version'.
// "{port}" in a header is each server's own port.
$requests = [
    ['GET', '/', [], '', 'page'],
    ['GET', '/index.php', [], '', 'page'],
    ['GET', '/index.php/form', [], '', 'page'],
    ['GET', '/nope', [], '', 'page'],
    ['GET', '/src/secret.txt', [], '', 'page'],
    ['GET', '/readme.txt/x', [], '', 'page'],
    ['GET', '/info.PHP', [], '', 'page'],
    ['POST', '/me', [], '', 'page'],
    ['GET', '/sub/', [], '', 'page'],
    ['GET', '/sub/page.php', [], '', 'page'],
    ['GET', '/form', [], '', 'page'],
    ['POST', '/form', $form, 'name=+', 'page'],
    ['POST', '/form', $form, 'name=Ada+Lovelace', 'page'],
    ['GET', '/form?saved=Ada%20Lovelace', [], '', 'page'],
    ['GET', '/exit', [], '', 'page'],
    ['POST', '/upload', $multipart, $upload, 'page'],
    ['POST', '/upload', $multipart, "--$b--\r\n", 'page'],
    ['GET', '/me', [], '', 'page'],
    ['POST', '/login', $form, 'user=alice&password=nope', 'page'],
    ['POST', '/login', $form, 'user=alice&password=secret', 'page'],
    ['GET', '/me', [], '', 'page', ['jar' => true]],
    ['GET', '/logout', [], '', 'page', ['jar' => true]],
    ['GET', '/me', [], '', 'page', ['jar' => true]], // the old session id no longer logs in
    ['GET', '/style.css', [], '', 'static'],
    ['GET', '/style.css?v=1', [], '', 'static'],
    ['HEAD', '/style.css', [], '', 'static'],
    ['GET', '/img/logo.svg', [], '', 'static'],
    ['GET', '/readme.txt', [], '', 'static'],
    ['GET', '/.env', [], '', 'server'],
    ['GET', '/.env/x', [], '', 'server'],
    ['GET', '/sub/.hidden', [], '', 'server'],
    ['GET', '/img/', [], '', 'server'],
    ['GET', '/missing.php', [], '', 'server'],
    ['GET', '/missing.php/x', [], '', 'server'],
    ['GET', '/sub', [], '', 'server'],
    ['GET', '/img', [], '', 'server'],
    ['GET', '/../src/secret.txt', [], '', 'refused'],
    ['GET', '/%2e%2e/src/secret.txt', [], '', 'refused'],
    ['GET', '/sub/..%2f..%2fsrc/secret.txt', [], '', 'refused'],
    ['GET', '/index.php/../../src/secret.txt', [], '', 'refused'],
    ['GET', '/', $dump, '', 'vars'],
    ['GET', '/index.php?x=1', $dump, '', 'vars'],
    ['GET', '/some/route?a=1', $dump, '', 'vars'],
    ['GET', '/some%20route/caf%C3%A9?a=b%20c&d=%2F+e', $dump, '', 'vars'],
    ['GET', '/info.php', [], '', 'vars'],
    ['GET', '/info.php/extra/path?x=1', [], '', 'vars'],
    ['GET', '/info.php/a%20b/c%2Fd?y=%20', [], '', 'vars'],
    ['GET', '/info.php/', [], '', 'vars'],
    ['GET', '/sub/', $dump, '', 'vars'],
    ['GET', '/sub/page.php', $dump, '', 'vars'],
    ['GET', '/sub/index.php/more', $dump, '', 'vars'],
    ['GET', '/info.php?a[]=1&a[]=2', ['Host' => 'localhost:{port}', 'Referer' => 'http://localhost:{port}/form',
        'Accept' => 'text/html', 'X-Custom-Thing' => 'yes', 'Cookie' => 'theme=dark; lang=en'], '', 'vars'],
    ['POST', '/info.php?q=2', $form + ['Host' => 'localhost:{port}'], 'a=1&b=two', 'vars'],
    ['PUT', '/info.php', ['Content-Type' => 'text/plain'], 'xyz', 'vars'],
    ['POST', '/info.php', $form + ['Transfer-Encoding' => 'chunked'], "3\r\na=1\r\n0\r\n\r\n", 'vars'],
    ['GET', '/info.php', ['Authorization' => 'Basic ' . base64_encode('bob:pw:x')], '', 'vars'],
    ['GET', '/info.php', ['Host' => 'localhost'], '', 'vars', ['version' => 'HTTP/1.0']],
];

/** Sends one request to $server (RrTest\Fpm or RrTest\Server), keeping its session cookie in $jar. */
function send($server, ?string &$jar, array $req): RrTest\Response
{
    [$method, $target, $headers, $body] = $req;
    $opt = $req[5] ?? [];
    foreach ($headers as $k => $v) {
        $headers[$k] = str_replace('{port}', (string)$server->port, $v);
    }
    if (!empty($opt['jar']) && $jar !== null) {
        $headers['Cookie'] = "PHPSESSID=$jar";
    }
    $c = $server->connect();
    try {
        $r = $c->request($method, $target, $headers, $body, $opt['version'] ?? 'HTTP/1.1');
    } finally {
        $c->close();
    }
    if (preg_match('/PHPSESSID=([^;]+)/', (string)$r->header('Set-Cookie'), $m) && $m[1] !== 'deleted') {
        $jar = $m[1];
    }
    return $r;
}

/** What must be equal for $kind, with the port, session id and absolute redirects normalised. */
function comparable(RrTest\Response $r, int $port, string $kind): array
{
    $out = ['status' => $r->status];
    $location = $r->header('Location');
    if ($location !== null) {
        $out['location'] = preg_replace('#^http://localhost:' . $port . '(?=/)#', '', $location);
    }
    if ($kind === 'server') {
        return $out;
    }
    $type = (string)$r->header('Content-Type');
    $out['content-type'] = $kind === 'static' ? strtolower(trim(explode(';', $type)[0])) : $type;
    if ($kind === 'page') {
        foreach (['allow', 'set-cookie', 'cache-control', 'expires', 'pragma', 'x-powered-by'] as $h) {
            $out[$h] = $r->header($h);
        }
        $out['set-cookie'] = preg_replace('/PHPSESSID=(?!deleted;)[^;]+/', 'PHPSESSID={sid}', (string)$out['set-cookie']);
    }
    $out['body'] = $r->body;
    return $out;
}

$leaks = [];
foreach ($requests as $i => $req) {
    [$method, $target, , , $kind] = $req;
    $label = "$method $target" . (isset($req[5]['version']) ? " {$req[5]['version']}" : '')
        . (isset($req[2]['X-Dump-Server']) ? ' (dump)' : '') . (!empty($req[5]['jar']) ? ' (session cookie)' : '');
    $a = send($fpm, $fpmJar, $req);
    $b = send($rr, $rrJar, $req);
    foreach (['<?php', 'must-never-be-served'] as $secret) {
        if (str_contains($b->body, $secret)) {
            $leaks[] = "$label: rr-php's answer contains '$secret'";
        }
    }
    $problems = [];
    if ($kind === 'refused') {
        foreach (['php-fpm' => $a, 'rr-php' => $b] as $who => $r) {
            if ($r->status < 400 || $r->status > 499) {
                $problems[] = "$who answered {$r->status}";
            }
        }
    } elseif ($kind === 'vars') {
        $da = json_decode($a->body, true);
        $db = json_decode($b->body, true);
        if ($a->status !== 200 || !is_array($da)) {
            $problems[] = "php-fpm answered {$a->status}: " . substr($a->body, 0, 300);
        } elseif ($b->status !== 200 || !is_array($db)) {
            $problems[] = "rr-php answered {$b->status}: " . substr($b->body, 0, 300);
        } else {
            $problems = RrTest\server_vars_compared($da['server'], $db['server']);
            foreach (['get', 'post', 'cwd'] as $k) {
                if ($da[$k] !== $db[$k]) {
                    $problems[] = "$k: php-fpm " . json_encode($da[$k], JSON_UNESCAPED_SLASHES) . ', rr-php ' . json_encode($db[$k], JSON_UNESCAPED_SLASHES);
                }
            }
        }
    } else {
        $ca = comparable($a, $fpm->port, $kind);
        $cb = comparable($b, $rr->port, $kind);
        foreach (array_unique(array_merge(array_keys($ca), array_keys($cb))) as $k) {
            if (($ca[$k] ?? null) !== ($cb[$k] ?? null)) {
                $problems[] = "$k: php-fpm " . json_encode($ca[$k] ?? null, JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE)
                    . ', rr-php ' . json_encode($cb[$k] ?? null, JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE);
            }
        }
    }
    echo "$label [$kind]: ", $problems ? "DIFFERENT\n    " . implode("\n    ", $problems) : 'same', "\n";
}
echo $leaks ? implode("\n", $leaks) : 'nothing leaked', "\n";

$fpm->stop();
var_dump($rr->stop());
?>
