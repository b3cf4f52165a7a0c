<?php
require __DIR__ . '/../fpm.inc';
$root = realpath(__DIR__ . '/app/public');
$sessions = sys_get_temp_dir() . '/rr-classic-sessions-' . bin2hex(random_bytes(6));
mkdir($sessions);
register_shutdown_function(function () use ($sessions) {
    array_map('unlink', glob("$sessions/*"));
    @rmdir($sessions);
});
$f = RrTest\Fpm::start($root, 'index.php', ['session.save_path' => $sessions]);

$all = []; // every response, checked at the end for leaked sources and secrets
function show(string $label, RrTest\Response $r, string ...$needles): void
{
    global $all, $f;
    $all[$label] = $r;
    $line = "$label: {$r->status}";
    foreach (['content-type', 'location', 'allow'] as $h) {
        if ($r->header($h) !== null) {
            $line .= " $h=" . str_replace(":{$f->port}/", ':{port}/', $r->header($h));
        }
    }
    foreach ($needles as $n) {
        $line .= str_contains($r->body, $n) ? " [has '$n']" : " [MISSING '$n' in " . json_encode(substr($r->body, 0, 300)) . ']';
    }
    echo $line, "\n";
}
$form = ['Content-Type' => 'application/x-www-form-urlencoded'];

echo "-- pages\n";
show('GET /', $f->get('/'), 'Welcome', 'href="/style.css"');
show('GET /index.php', $f->get('/index.php'), 'Welcome');
show('GET /index.php/form', $f->get('/index.php/form'), '<form method="post" action="/form">');
show('GET /nope', $f->get('/nope'), 'No page at /nope');
show('GET /src/secret.txt', $f->get('/src/secret.txt'), 'No page at /src/secret.txt');
show('POST /me', $f->request('POST', '/me'), 'Method not allowed');
show('GET /missing.php', $f->get('/missing.php'));
show('GET /sub/', $f->get('/sub/'), 'sub index');
show('GET /sub', $f->get('/sub'));
show('GET /sub/page.php', $f->get('/sub/page.php'), 'sub page');

echo "-- redirect after post\n";
show('GET /form', $f->get('/form'), '<form method="post" action="/form">');
show('POST /form (empty)', $f->request('POST', '/form', $form, 'name=+'), 'Name is required');
$r = $f->request('POST', '/form', $form, 'name=Ada+Lovelace');
show('POST /form', $r);
var_dump($r->body);
show('GET Location', $f->get($r->header('Location')), 'Saved: Ada Lovelace');

echo "-- session\n";
show('GET /me (no cookie)', $r = $f->get('/me'), 'Not logged in');
var_dump($r->header('Set-Cookie'));
show('POST /login (wrong password)', $f->request('POST', '/login', $form, 'user=alice&password=nope'), 'Wrong user or password');
show('POST /login', $r = $f->request('POST', '/login', $form, 'user=alice&password=secret'));
$cookie = (string)$r->header('Set-Cookie');
var_dump(preg_replace('/PHPSESSID=[a-z0-9]+;/', 'PHPSESSID={sid};', $cookie), $r->header('Cache-Control'));
preg_match('/PHPSESSID=([a-z0-9]+)/', $cookie, $m);
$sid = $m[1] ?? '';
var_dump(is_file("$sessions/sess_$sid"));
show('GET /me', $r = $f->get('/me', ['Cookie' => "PHPSESSID=$sid"]), 'Logged in as <b>alice</b>');
var_dump($r->header('Set-Cookie'));
show('GET /logout', $r = $f->get('/logout', ['Cookie' => "PHPSESSID=$sid"]));
var_dump($r->header('Set-Cookie'));
show('GET /me (after logout)', $f->get('/me', ['Cookie' => "PHPSESSID=$sid"]), 'Not logged in');

echo "-- upload\n";
$doc = random_bytes(20000);
$b = 'classicBoundary7';
$body = "--$b\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"report.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n$doc\r\n--$b--\r\n";
show('POST /upload', $r = $f->request('POST', '/upload', ['Content-Type' => "multipart/form-data; boundary=$b"], $body));
echo str_replace(sha1($doc), '{sha1 of the sent file}', $r->body);
show('POST /upload (no file)', $f->request('POST', '/upload', ['Content-Type' => "multipart/form-data; boundary=$b"], "--$b--\r\n"), 'no file');

echo "-- exit\n";
show('GET /exit', $r = $f->get('/exit'));
var_dump($r->body);

echo "-- static files\n";
foreach (['/style.css', '/img/logo.svg', '/readme.txt'] as $p) {
    show("GET $p", $r = $f->get($p));
    var_dump($r->body === file_get_contents($root . $p));
}

echo "-- refused\n";
foreach (['/.env', '/.env/x', '/sub/.hidden', '/img/', '/../src/secret.txt', '/%2e%2e/src/secret.txt',
          '/sub/..%2f..%2fsrc/secret.txt', '/index.php/../../src/secret.txt', '/info.PHP'] as $p) {
    show("GET $p", $f->get($p));
}

echo "-- \$_SERVER\n";
foreach (['/info.php', '/info.php/extra/path?x=1', '/sub/', '/some/route?a=1'] as $p) {
    $d = json_decode($f->get($p, ['X-Dump-Server' => '1'])->body, true);
    $s = $d['server'];
    printf("%s: SCRIPT_NAME=%s PATH_INFO=%s PHP_SELF=%s DOCUMENT_URI=%s QUERY_STRING=%s cwd=%s get=%s\n", $p,
        $s['SCRIPT_NAME'], json_encode($s['PATH_INFO'] ?? null, JSON_UNESCAPED_SLASHES), $s['PHP_SELF'], $s['DOCUMENT_URI'],
        json_encode($s['QUERY_STRING']), str_replace($root, '{root}', $d['cwd']), json_encode($d['get']));
    var_dump($s['SCRIPT_FILENAME'] === $root . $s['SCRIPT_NAME'], $s['DOCUMENT_ROOT'] === $root);
}

echo "-- never served\n";
$secrets = ['<?php', 'must-never-be-served'];
foreach ($all as $label => $r) {
    foreach ($secrets as $secret) {
        if (str_contains($r->body, $secret)) {
            echo "$label leaked '$secret'\n";
        }
    }
}
echo count($all), " responses checked\n";

$f->stop();
$log = $f->log('php-fpm.log');
echo preg_match('/WARNING|ERROR|PHP (Warning|Fatal|Notice)/', $log) ? "php-fpm log has problems:\n$log" : "php-fpm log clean\n";
?>
