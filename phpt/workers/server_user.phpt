--TEST--
server.user / server.group: with rr-php run as root, embedded and exec'd workers run as that user and group (the master stays root); an unknown user stops the start; a group without a user too
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
if (posix_geteuid() !== 0) {
    echo "these tests run as root (as CI does): rr-php drops privileges only from root\n";
    exit(1);
}
$worker = "<?php\nwhile (rr_handle_request(function () { echo posix_getuid(), ' ', posix_getgid(), ' ', implode(',', posix_getgroups()); })) {}\n";
$s = RrTest\Server::start($worker, 2, ['-o', 'server.user=nobody', '-o', 'server.group=nogroup']);
var_dump($s->get('/')->body);
var_dump(posix_getpwuid(fileowner("/proc/{$s->pid}"))['name']);
$s->stop();

// Exec'd goridge workers (a stock RoadRunner-style worker under php-cli).
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$exec = "<?php\nrequire '$lib';\n\$w = new RrTest\\Goridge\\Worker();\nwhile ((\$req = \$w->waitRequest()) !== null) {\n    \$w->respond(200, [], posix_getuid() . ' ' . posix_getgid());\n}\n";
$yaml = "version: '3'\nserver:\n  command: php worker.php\n  user: nobody\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    mode: exec\n    num_workers: 1\n";
$s = RrTest\Server::startWith(['worker.php' => $exec, '.rr.yaml' => $yaml], ['serve']);
var_dump($s->get('/')->body);
$s->stop();

foreach ([['-o', 'server.user=no-such-user'], ['-o', 'server.user=nobody', '-o', 'server.group=no-such-group'], ['-o', 'server.group=nogroup']] as $args) {
    $s = RrTest\Server::prepare(['worker.php' => $worker]);
    $s->launch(array_merge(['serve', 'worker.php', '--listen', '127.0.0.1:0'], $args), null, null);
    echo $s->wait(20), ' ', preg_match('/rr-php: error: (.*)/', $s->log(), $m) ? $m[1] : $s->log(), "\n";
}
?>
--EXPECT--
string(17) "65534 65534 65534"
string(4) "root"
string(11) "65534 65534"
1 server.user: 'no-such-user' is not a user on this machine
1 server.group: 'no-such-group' is not a group on this machine
1 server.group: give server.user too (the user the workers run as)
