--TEST--
FastCGI front behind a real nginx (fastcgi_pass to http.fcgi.address, upstream keepalive with fastcgi_keep_conn): $_SERVER from nginx's fastcgi_params, headers and cookies both ways, redirects and statuses, form posts, a large response, streaming, parallel requests on several workers, and rr-php's own HTTP listener beside it
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    $p = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
    if ($p === '/post') { echo $_POST['a'] ?? '-', ' ', strlen(file_get_contents('php://input')); return; }
    if ($p === '/big') { echo str_repeat('0123456789', 100000); return; }
    if ($p === '/redirect') { header('Location: /elsewhere', true, 302); return; }
    if ($p === '/slow') { // a rendezvous of three: each waits (at most 5 s) until all three are in
        touch(__DIR__ . '/meet-' . getmypid());
        for ($i = 0; $i < 500 && count(glob(__DIR__ . '/meet-*')) < 3; $i++) { usleep(10000); }
        echo getmypid(), count(glob(__DIR__ . '/meet-*')) >= 3 ? ' together;' : ' alone;';
        return;
    }
    if ($p === '/stream') { for ($i = 0; $i < 3; $i++) { echo "part $i\n"; flush(); } return; }
    header('X-Multi: one'); header('X-Multi: two', false); setcookie('c1', 'v1');
    foreach (['REQUEST_METHOD', 'REQUEST_URI', 'QUERY_STRING', 'SCRIPT_FILENAME', 'DOCUMENT_ROOT', 'REMOTE_ADDR', 'SERVER_SOFTWARE', 'HTTP_X_CUSTOM', 'GATEWAY_INTERFACE'] as $k) {
        echo $k, '=', $_SERVER[$k] ?? '-', "\n";
    }
    echo 'get=', json_encode($_GET), ' cookie=', json_encode($_COOKIE), "\n";
})) {}
PHP, 3, ['-o', 'http.fcgi.address=tcp://127.0.0.1:0']);
preg_match('#fastcgi://127\.0\.0\.1:(\d+)#', $s->log(), $m);
$fcgi = (int)$m[1];
$d = $s->dir;
@mkdir("$d/tmp");
$probe = stream_socket_server('tcp://127.0.0.1:0');
$port = (int)substr(strrchr(stream_socket_get_name($probe, false), ':'), 1);
fclose($probe);
file_put_contents("$d/nginx.conf", <<<CONF
daemon off;
master_process off;
worker_processes 1;
pid $d/nginx.pid;
error_log $d/nginx.log warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $d/tmp/body; fastcgi_temp_path $d/tmp/fastcgi; proxy_temp_path $d/tmp/proxy;
    uwsgi_temp_path $d/tmp/uwsgi; scgi_temp_path $d/tmp/scgi;
    upstream rr { server 127.0.0.1:$fcgi; keepalive 8; }
    server {
        listen 127.0.0.1:$port;
        root $d/public;
        location / {
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME $d/public/index.php;
            fastcgi_keep_conn on;
            fastcgi_buffering off;
            fastcgi_pass rr;
        }
    }
}
CONF);
$nginx = proc_open(['/usr/sbin/nginx', '-p', "$d/", '-e', "$d/nginx.log", '-c', "$d/nginx.conf"], [1 => ['file', '/dev/null', 'w'], 2 => ['file', "$d/nginx.out", 'w']], $pipes);
$base = "http://127.0.0.1:$port";
for ($i = 0; $i < 100; $i++) {
    [$rc] = RrTest\curl(['-o', '/dev/null', "$base/"], 2);
    if ($rc === 0) {
        break;
    }
    usleep(50000);
}
$fix = fn ($t) => str_replace([$d, (string)$port], ['DIR', 'PORT'], $t);
[$rc, $out] = RrTest\curl(['-i', '-H', 'X-Custom: hi', '-H', 'Cookie: a=1; b=2', "$base/some/page?x=1"]);
[$head, $body] = explode("\r\n\r\n", $out, 2);
echo strtok($head, "\r\n"), ' | X-Multi: ', preg_match_all('/^X-Multi: (\w+)/mi', $head, $mm) ? implode(',', $mm[1]) : '-',
    ' | Set-Cookie: ', preg_match('/^Set-Cookie: (\S+)/mi', $head, $sc) ? $sc[1] : '-', "\n", $fix($body);
[$rc, $out] = RrTest\curl(['-i', "$base/redirect"]);
echo 'redirect: ', strtok($out, "\r\n"), ' ', preg_match('/^Location: (\S+)/mi', $out, $loc) ? $loc[1] : '-', "\n";
[$rc, $out] = RrTest\curl(['-d', 'a=hello', "$base/post"]);
echo "form post: $out\n";
[$rc, $out] = RrTest\curl(["$base/big"]);
echo 'large response: ', $out === str_repeat('0123456789', 100000) ? 'intact' : strlen($out), "\n";
[$rc, $out] = RrTest\curl(["$base/stream"]);
echo 'streamed: ', json_encode($out), "\n";
[$rc, $out] = RrTest\curl(['--parallel', '--parallel-immediate', "$base/slow", "$base/slow", "$base/slow"]);
preg_match_all('/(\d+) (\w+);/', $out, $pm);
echo 'three slow requests at once: ', count(array_unique($pm[1])), ' workers, served ', implode(',', array_unique($pm[2])), "\n";
for ($i = 0, $ok = 0; $i < 50; $i++) {
    [$rc, $out] = RrTest\curl(["$base/?n=$i"]);
    $ok += str_contains($out, "\"n\":\"$i\"");
}
echo "50 requests over nginx's kept connections: $ok answered right\n";
echo 'rr-php\'s own HTTP beside it: ', explode("\n", $s->get('/?direct=1')->body)[0], "\n";
echo 'nginx saw no upstream error: ', var_export(!preg_match('/upstream|error/i', (string)@file_get_contents("$d/nginx.log")), true), "\n";
proc_terminate($nginx);
proc_close($nginx);
var_dump($s->stop());
?>
--EXPECT--
HTTP/1.1 200 OK | X-Multi: one,two | Set-Cookie: c1=v1
REQUEST_METHOD=GET
REQUEST_URI=/some/page?x=1
QUERY_STRING=x=1
SCRIPT_FILENAME=DIR/public/index.php
DOCUMENT_ROOT=DIR/public
REMOTE_ADDR=127.0.0.1
SERVER_SOFTWARE=nginx/1.22.1
HTTP_X_CUSTOM=hi
GATEWAY_INTERFACE=CGI/1.1
get={"x":"1"} cookie={"a":"1","b":"2"}
redirect: HTTP/1.1 302 Found /elsewhere
form post: hello 7
large response: intact
streamed: "part 0\npart 1\npart 2\n"
three slow requests at once: 3 workers, served together
50 requests over nginx's kept connections: 50 answered right
rr-php's own HTTP beside it: REQUEST_METHOD=GET
nginx saw no upstream error: true
int(0)
