--TEST--
rr_serve() in php-cli: classic mode from a document root, and exec'd goridge workers from a .rr.yaml
--EXTENSIONS--
rr
--FILE--
<?php
require __DIR__ . '/hosted.inc';
$dir = HostedServer::dir('classic-exec');
@mkdir("$dir/public");
file_put_contents("$dir/public/index.php", '<?php echo PHP_SAPI, " ", $_SERVER["SCRIPT_NAME"], " ", $_GET["page"] ?? "-", " ", basename(getcwd());');
file_put_contents("$dir/public/hello.txt", "static hello\n");
file_put_contents("$dir/public/fatal.php", '<?php echo "before"; undefined_function();');
file_put_contents("$dir/public/ini.php", '<?php echo ini_get("max_input_time"), " ", ini_get("memory_limit");');

// A document root: classic mode, one PHP request per HTTP request, as under php-fpm.
// php-cli's own -d is kept in workers (max_input_time); what php-cli forces is put back to the web
// default (output_buffering: with display_errors off, as in a production php.ini, a fatal error after
// output answers 500).
$server = HostedServer::start($dir, <<<PHP
<?php
exit(rr_serve('$dir/public', ['http.address' => '127.0.0.1:0', 'http.pool.num_workers' => 1]));
PHP, phpArgs: ['-d', 'max_input_time=90', '-d', 'display_errors=0']);
[$status, , $body] = $server->request('/?page=2');
echo "classic: $status $body\n";
[$status, $headers, $body] = $server->request('/hello.txt');
echo "static: $status ", trim($body), ' ', $headers['content-type'] ?? '-', "\n";
echo 'fatal after output: ', $server->request('/fatal.php')[0], "\n";
echo 'ini: ', $server->request('/ini.php')[2], "\n";
echo 'classic exit code: ', $server->stop(SIGTERM), "\n";

// A .rr.yaml whose pool runs exec'd php-cli workers speaking goridge.
$goridge = realpath(__DIR__ . '/../php/goridge.php');
file_put_contents("$dir/exec_worker.php", <<<PHP
<?php
require '$goridge';
\$w = RrTest\Goridge\Worker::fromEnvironment();
while ((\$req = \$w->waitRequest()) !== null) {
    \$w->respond(201, ['X-Kind' => ['exec']], 'exec pid ' . getmypid() . ' ' . PHP_SAPI . ' ' . \$req['ctx']['uri']);
}
PHP);
$php = PHP_BINARY;
file_put_contents("$dir/exec.yaml", <<<YAML
version: '3'
server:
  command: $php -n $dir/exec_worker.php
http:
  address: 127.0.0.1:0
  pool:
    mode: exec
    num_workers: 2
YAML);
$server = HostedServer::start($dir, "<?php exit(rr_serve('exec.yaml'));\n");
[$status, $headers, $body] = $server->request('/x?y=1');
echo "exec: $status ", $headers['x-kind'] ?? '-', ' ', preg_replace('/pid \d+/', 'pid N', $body), "\n";
$below = $server->descendants();
echo 'exec workers: ', count($below), "\n";
echo 'exec exit code: ', $server->stop(SIGINT), "\n";
echo 'none left: ', var_export(all_gone($below), true), "\n";
remove_tree($dir);
?>
--EXPECT--
classic: 200 cli /index.php 2 public
static: 200 static hello text/plain
fatal after output: 500
ini: 90 128M
classic exit code: 0
exec: 201 exec exec pid N cli http://localhost/x?y=1
exec workers: 2
exec exit code: 0
none left: true
