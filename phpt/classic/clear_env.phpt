--TEST--
Classic mode clears the environment as php-fpm's clear_env does: scripts see server.env and http.classic.pass_env variables only, in $_SERVER and getenv(), never PATH, HOME or the server's secrets
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$files = [
    'public/index.php' => "<?php\n\$names = ['APP_ENV', 'PASS_ME', 'SERVER_SECRET', 'PATH', 'HOME'];\necho json_encode(['server' => array_map(fn (\$n) => \$_SERVER[\$n] ?? null, \$names), 'getenv' => array_map(fn (\$n) => getenv(\$n) ?: null, \$names)]);\n",
    '.rr.yaml' => "version: '3'\nserver:\n  env:\n    APP_ENV: prod\nhttp:\n  address: 127.0.0.1:0\n  classic:\n    root: public\n    pass_env: [PASS_ME]\n  pool:\n    num_workers: 1\n",
];
$env = ['SERVER_SECRET' => 'aws-key', 'PASS_ME' => 'passed', 'PATH' => getenv('PATH'), 'HOME' => '/root'];
$s = RrTest\Server::startWith($files, ['serve'], $env);
echo $s->get('/')->body, "\n";
var_dump($s->stop());
?>
--EXPECT--
{"server":["prod","passed",null,null,null],"getenv":["prod","passed",null,null,null]}
int(0)
