--TEST--
Config file: -c, chdir into its folder, env interpolation, envfile, --dotenv, include, -o (interpolated), server.env, RR_* variables, php -d in the command
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = <<<'PHP'
<?php
while (rr_handle_request(function () {
    $keys = ['APP_NAME', 'FROM_ENVFILE', 'FROM_DOTENV', 'RR_MODE', 'RR_RELAY', 'RR_RPC', 'RR_VERSION'];
    $out = ['cwd' => basename(getcwd()), 'memory_limit' => ini_get('memory_limit')];
    foreach ($keys as $k) {
        $out[$k] = getenv($k);
    }
    echo json_encode($out);
})) {}
PHP;
$files = [
    'app/worker.php' => $worker,
    'app/.rr.yaml' => <<<'YAML'
version: '3'
envfile: app.env
include: [app/extra.yaml]
server:
  command: "php -d memory_limit=${MEM:-99M} worker.php"
  env:
    app_name: ${APP:-demo}-${FROM_ENVFILE}
rpc:
  listen: unix://rpc.sock
http:
  address: 127.0.0.1:${PORT_FROM_ENV}
  pool:
    num_workers: 3
temporal:
  address: 127.0.0.1:7233
YAML,
    'app/app.env' => "FROM_ENVFILE=envfile-value\n",
    'app/extra.yaml' => "version: '3'\nhttp:\n  pool:\n    num_workers: 2\n",
    'other.env' => "FROM_DOTENV=dotenv-value\nAPP=from-dotenv\n",
];
$env = getenv();
$env['PORT_FROM_ENV'] = '0';
unset($env['MEM'], $env['APP'], $env['FROM_ENVFILE'], $env['FROM_DOTENV']);
// Started from the temp dir: the config's relative paths resolve from app/ (where it lives),
// except include, which resolves from the working directory, given here with -w.
$s = RrTest\Server::startWith($files, ['serve', '-c', 'app/.rr.yaml', '-w', '.', '--dotenv', 'other.env',
    '-o', 'server.command=php -d memory_limit=${MEM:-64M} app/worker.php'], $env);
$r = $s->get('/');
echo $r->status, ' ', $r->body, "\n";
echo 'workers: ', count($s->workers()), "\n";
echo str_contains($s->log(), "section 'temporal' is not supported by rr-php yet; ignored") ? "warned about temporal\n" : $s->log();
echo $s->stop(), "\n";

// Without -w it runs in the config's folder, so the relative command and include resolve there.
$files['app/.rr.yaml'] = str_replace('include: [app/extra.yaml]', 'include: [extra.yaml]', $files['app/.rr.yaml']);
// DOTENV_PATH does what --dotenv does.
$s = RrTest\Server::startWith($files, ['serve', '-c', 'app/.rr.yaml'], $env + ['MEM' => '70M', 'DOTENV_PATH' => 'other.env']);
$r = $s->get('/');
echo $r->status, ' ', $r->body, "\n";
echo 'workers: ', count($s->workers()), "\n";
echo $s->stop(), "\n";
?>
--EXPECTF--
200 {"cwd":"rr-phpt-%s","memory_limit":"64M","APP_NAME":"from-dotenv-envfile-value","FROM_ENVFILE":"envfile-value","FROM_DOTENV":"dotenv-value","RR_MODE":"http","RR_RELAY":"pipes","RR_RPC":"unix:\/\/rpc.sock","RR_VERSION":"%d.%d.%d"}
workers: 2
warned about temporal
0
200 {"cwd":"app","memory_limit":"70M","APP_NAME":"from-dotenv-envfile-value","FROM_ENVFILE":"envfile-value","FROM_DOTENV":"dotenv-value","RR_MODE":"http","RR_RELAY":"pipes","RR_RPC":"unix:\/\/rpc.sock","RR_VERSION":"%d.%d.%d"}
workers: 2
0
