--TEST--
Classic-mode fixture under the reference stack (nginx + php-fpm only): every route, static files, refused paths
--EXTENSIONS--
posix
--FILE--
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
--EXPECT--
-- pages
GET /: 200 content-type=text/html; charset=UTF-8 [has 'Welcome'] [has 'href="/style.css"']
GET /index.php: 200 content-type=text/html; charset=UTF-8 [has 'Welcome']
GET /index.php/form: 200 content-type=text/html; charset=UTF-8 [has '<form method="post" action="/form">']
GET /nope: 404 content-type=text/html; charset=UTF-8 [has 'No page at /nope']
GET /src/secret.txt: 404 content-type=text/html; charset=UTF-8 [has 'No page at /src/secret.txt']
POST /me: 405 content-type=text/html; charset=UTF-8 allow=GET [has 'Method not allowed']
GET /missing.php: 404 content-type=text/html
GET /sub/: 200 content-type=text/html; charset=UTF-8 [has 'sub index']
GET /sub: 301 content-type=text/html location=http://localhost:{port}/sub/
GET /sub/page.php: 200 content-type=text/html; charset=UTF-8 [has 'sub page']
-- redirect after post
GET /form: 200 content-type=text/html; charset=UTF-8 [has '<form method="post" action="/form">']
POST /form (empty): 422 content-type=text/html; charset=UTF-8 [has 'Name is required']
POST /form: 303 content-type=text/html; charset=UTF-8 location=/form?saved=Ada%20Lovelace
string(0) ""
GET Location: 200 content-type=text/html; charset=UTF-8 [has 'Saved: Ada Lovelace']
-- session
GET /me (no cookie): 401 content-type=text/html; charset=UTF-8 [has 'Not logged in']
NULL
POST /login (wrong password): 403 content-type=text/html; charset=UTF-8 [has 'Wrong user or password']
POST /login: 302 content-type=text/html; charset=UTF-8 location=/me
string(23) "PHPSESSID={sid}; path=/"
string(35) "no-store, no-cache, must-revalidate"
bool(true)
GET /me: 200 content-type=text/html; charset=UTF-8 [has 'Logged in as <b>alice</b>']
NULL
GET /logout: 303 content-type=text/html; charset=UTF-8 location=/
string(75) "PHPSESSID=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0; path=/"
GET /me (after logout): 401 content-type=text/html; charset=UTF-8 [has 'Not logged in']
-- upload
POST /upload: 200 content-type=text/plain;charset=UTF-8
name: report.bin
size: 20000
sha1: {sha1 of the sent file}
is_uploaded_file: yes
moved: yes
POST /upload (no file): 400 content-type=text/plain;charset=UTF-8 [has 'no file']
-- exit
GET /exit: 200 content-type=text/plain;charset=UTF-8
string(34) "before exit
shutdown function ran
"
-- static files
GET /style.css: 200 content-type=text/css
bool(true)
GET /img/logo.svg: 200 content-type=image/svg+xml
bool(true)
GET /readme.txt: 200 content-type=text/plain
bool(true)
-- refused
GET /.env: 403 content-type=text/html
GET /.env/x: 403 content-type=text/html
GET /sub/.hidden: 403 content-type=text/html
GET /img/: 403 content-type=text/html
GET /../src/secret.txt: 400 content-type=text/html
GET /%2e%2e/src/secret.txt: 400 content-type=text/html
GET /sub/..%2f..%2fsrc/secret.txt: 400 content-type=text/html
GET /index.php/../../src/secret.txt: 400 content-type=text/html
GET /info.PHP: 404 content-type=text/html; charset=UTF-8
-- $_SERVER
/info.php: SCRIPT_NAME=/info.php PATH_INFO="" PHP_SELF=/info.php DOCUMENT_URI=/info.php QUERY_STRING="" cwd={root} get=[]
bool(true)
bool(true)
/info.php/extra/path?x=1: SCRIPT_NAME=/info.php PATH_INFO="/extra/path" PHP_SELF=/info.php/extra/path DOCUMENT_URI=/info.php/extra/path QUERY_STRING="x=1" cwd={root} get={"x":"1"}
bool(true)
bool(true)
/sub/: SCRIPT_NAME=/sub/index.php PATH_INFO="" PHP_SELF=/sub/index.php DOCUMENT_URI=/sub/index.php QUERY_STRING="" cwd={root}/sub get=[]
bool(true)
bool(true)
/some/route?a=1: SCRIPT_NAME=/index.php PATH_INFO="" PHP_SELF=/index.php DOCUMENT_URI=/index.php QUERY_STRING="a=1" cwd={root} get={"a":"1"}
bool(true)
bool(true)
-- never served
35 responses checked
php-fpm log clean
