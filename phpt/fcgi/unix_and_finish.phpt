--TEST--
FastCGI front on a unix socket (http.fcgi.address: unix:///path, as nginx's fastcgi_pass unix:), and rr_finish_request() over FastCGI: END_REQUEST goes out at once and the kept connection serves its next request while the first script still runs
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
require __DIR__ . '/../../tests/php/fcgi.php';
use RrTest\Fcgi;
$dir = sys_get_temp_dir() . '/rr-fcgi-unix-' . getmypid();
@mkdir($dir);
@unlink("$dir/go");
@unlink("$dir/after");
$s = RrTest\Server::start(<<<PHP
<?php
while (rr_handle_request(function () {
    \$p = parse_url(\$_SERVER['REQUEST_URI'], PHP_URL_PATH);
    if (\$p === '/finish') {
        echo 'answered before the work';
        rr_finish_request();
        // The work after the response: waits (at most 10 s) until the client says it has its answer.
        for (\$i = 0; \$i < 1000 && !file_exists('$dir/go'); \$i++) { usleep(10000); }
        file_put_contents('$dir/after', file_exists('$dir/go') ? 'ran on after the response' : 'gave up waiting');
        return;
    }
    echo 'remote=', \$_SERVER['REMOTE_ADDR'], ' uri=', \$_SERVER['REQUEST_URI'], ' pid=', getmypid();
})) {}
PHP, 2, ['-o', "http.fcgi.address=unix://$dir/fcgi.sock",]);
echo 'log names the socket: ', var_export(str_contains($s->log(), "fastcgi on unix://$dir/fcgi.sock"), true), "\n";
echo 'socket: ', filetype("$dir/fcgi.sock"), "\n";

$params = fn (string $uri) => ['REQUEST_METHOD' => 'GET', 'REQUEST_URI' => $uri, 'QUERY_STRING' => '', 'SCRIPT_NAME' => '/index.php',
    'REMOTE_ADDR' => '198.51.100.9', 'REMOTE_PORT' => '40000', 'SERVER_PORT' => '80', 'SERVER_NAME' => 'example.com',
    'SERVER_PROTOCOL' => 'HTTP/1.1', 'HTTP_HOST' => 'example.com'];
$c = new Fcgi\Client("unix://$dir/fcgi.sock");
$c->send(Fcgi\request(1, $params('/plain')));
$r = $c->response(1);
[$status, , $body] = Fcgi\cgi($r['stdout']);
echo 'over the unix socket: ', $status, ' ', preg_replace('/pid=\d+/', 'pid=N', $body), ' end=', json_encode($r['end']), "\n";

// rr_finish_request(): the answer and END_REQUEST come while the script still waits for "go".
$c->send(Fcgi\request(2, $params('/finish')));
$r = $c->response(2);
[$status, , $body] = Fcgi\cgi($r['stdout']);
echo 'finished early: ', $status, ' ', $body, ' end=', json_encode($r['end']), ', script still running: ', var_export(!file_exists("$dir/after"), true), "\n";
// The same kept connection serves the next request meanwhile (on the other worker).
$c->send(Fcgi\request(3, $params('/next')));
$r = $c->response(3);
[$status, , $body] = Fcgi\cgi($r['stdout']);
echo 'next on the same connection: ', $status, ' ', preg_replace('/pid=\d+/', 'pid=N', $body), ', first script still running: ', var_export(!file_exists("$dir/after"), true), "\n";
touch("$dir/go");
for ($i = 0; $i < 500 && !file_exists("$dir/after"); $i++) {
    usleep(10000);
}
echo 'first script: ', @file_get_contents("$dir/after"), "\n";
// And the connection goes on after the released request has ended.
$c->send(Fcgi\request(4, $params('/last')));
$r = $c->response(4);
echo 'after that: ', Fcgi\cgi($r['stdout'])[0], "\n";
$s->stop();
echo 'socket removed at stop: ', var_export(!file_exists("$dir/fcgi.sock"), true), "\n";

// Bad addresses are config errors.
[$code, , $err] = RrTest\run(['serve', $s->script, '-o', 'http.fcgi.address=unix://']);
echo $code, ' ', trim($err), "\n";
[$code, , $err] = RrTest\run(['serve', $s->script, '-o', 'http.fcgi.address=unix:///nonexistent-dir/x.sock', '-o', 'http.address=127.0.0.1:0']);
echo $code, ' ', trim($err), "\n";
@unlink("$dir/go");
@unlink("$dir/after");
@rmdir($dir);
?>
--EXPECTF--
log names the socket: true
socket: socket
over the unix socket: 200 remote=198.51.100.9 uri=/plain pid=N end=[0,0]
finished early: 200 answered before the work end=[0,0], script still running: true
next on the same connection: 200 remote=198.51.100.9 uri=/next pid=N, first script still running: true
first script: ran on after the response
after that: 200
socket removed at stop: true
1 rr-php: error: http.fcgi.address: 'unix://' is not allowed: expected tcp://host:port or unix:///path/to.sock
1 %Serror%Shttp.fcgi.address: cannot listen on unix:///nonexistent-dir/x.sock: No such file or directory%A
