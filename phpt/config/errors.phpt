--TEST--
Config errors: each names the key, the value and what is allowed, exits 1, and no worker ever starts
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$dir = sys_get_temp_dir() . '/rr-phpt-cfg-' . bin2hex(random_bytes(4));
mkdir($dir);
$marker = "$dir/worker-started";
// A worker that leaves a mark the moment PHP runs it: no config error may get that far.
file_put_contents("$dir/worker.php", "<?php touch('$marker'); while (rr_handle_request(fn () => print 'x')) {}\n");
$ok = "server:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n";
$cases = [
    "version: 3\n$ok",
    "version: '2.7'\n$ok",
    $ok,
    "version: '3'\nserver:\n  command: ''\n",
    "version: '3'\nserver:\n  command: php worker.php\n  relay: socket\n",
    "version: '3'\n$ok  pool:\n    allocate_timeout: 60\n",
    "version: '3'\nserver:\n  command: php missing.php\n",
    "version: '3'\nserver:\n  command: ./app serve\n",
    "version: '3'\n$ok  pool:\n    num_workers: lots\n",
    "version: '3'\n$ok  max_request_size: 10MB\n",
    "version: '3'\n$ok  pool: [1]\n",
    "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: \${NOPE:=1}\n",
    "version: '3'\n$ok" . "logs:\n  mode: loud\n",
    "version: '3'\n$ok" . "logs:\n  output: [/proc/rr-php-nope/x.log]\n",
    "version: '3'\n$ok" . "rpc:\n  listen: 6001\n",
    "version: '3'\n$ok" . "include: [nope.yaml]\n",
    "version: '3'\nhttp: [\n",
    "version: '3'\nserver:\n  command: no-such-program --serve\n",
    "version: '3'\nserver:\n  command: php missing.php\nhttp:\n  pool:\n    mode: exec\n",
    "version: '3'\nserver:\n  command: php worker.php\n  relay: tcp://127.0.0.1:port\nhttp:\n  pool:\n    mode: exec\n",
];
foreach ($cases as $yaml) {
    file_put_contents("$dir/.rr.yaml", $yaml);
    [$code, $out, $err] = RrTest\run(['serve', '-c', "$dir/.rr.yaml"]);
    $lines = explode("\n", trim($err));
    printf("%d %d %s\n", $code, count($lines), str_replace($dir, 'DIR', $lines[0]));
}
[$code, $out, $err] = RrTest\run(['serve', '-c', "$dir/missing.yaml"]);
printf("%d %s", $code, str_replace($dir, 'DIR', $err));
echo file_exists($marker) ? "a worker started\n" : "no worker started\n";
foreach (['worker.php', '.rr.yaml', 'worker-started'] as $f) {
    @unlink("$dir/$f");
}
@rmdir($dir);
?>
--EXPECT--
1 1 rr-php: error: DIR/.rr.yaml: version: 3 is a number; RoadRunner requires a string: write version: '3'
1 1 rr-php: error: DIR/.rr.yaml: version: '2.7' is a RoadRunner 2.x config; rr-php reads version '3' configs: upgrade it as RoadRunner's v2.x→v3 migration guide describes, then set version: '3'
1 1 rr-php: error: DIR/.rr.yaml: 'version' is missing: RoadRunner configs start with version: '3'
1 1 rr-php: error: server.command: command should not be empty: e.g. command: php worker.php
1 1 rr-php: error: server.relay: 'socket' is not allowed: expected pipes, tcp://host:port or unix:///path/to.sock
1 1 rr-php: error: http.pool.allocate_timeout: '60' is not a duration: write a number with a unit, e.g. 500ms, 30s, 5m, 1h
1 1 rr-php: error: server.command: script 'missing.php' not found (relative paths start from DIR)
1 1 rr-php: error: server.command: './app' is not an executable program (relative paths start from DIR)
1 1 rr-php: error: http.pool.num_workers: 'lots' is not allowed: expected a whole number from 0 to 4096
1 1 rr-php: error: http.max_request_size: '10MB' is not allowed: expected a whole number from 0 to 1048576
1 1 rr-php: error: http.pool: must be a section of keys, got a list
1 1 rr-php: error: http.address: '${NOPE:=1}' uses '${NOPE:=1}': only ${NAME} and ${NAME:-default} are supported
1 1 rr-php: error: logs.mode: 'loud' is not allowed: expected one of development, production, raw, off, none
1 1 rr-php: error: logs.output: cannot open '/proc/rr-php-nope/x.log': Failed opening file /proc/rr-php-nope/x.log for writing: No such file or directory
1 1 rr-php: error: rpc.listen: '6001' is not allowed: expected tcp://host:port or unix:///path/to.sock
1 1 rr-php: error: included file 'DIR/nope.yaml' cannot be read: No such file or directory
1 1 rr-php: error: config file 'DIR/.rr.yaml' is not valid YAML: line 3, column 1: end of sequence flow not found
1 1 rr-php: error: server.command: 'no-such-program' is not an executable program in PATH (relative paths start from DIR)
1 1 rr-php: error: server.command: script 'missing.php' not found (relative paths start from DIR)
1 1 rr-php: error: server.relay: '127.0.0.1:port' has no valid port: expected a number from 0 to 65535
1 rr-php: error: config file 'DIR/missing.yaml' not found
no worker started
