--TEST--
Errors about a relative path in a config file show where it resolved to (the config file's directory is the working directory)
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$base = "version: '3'\nserver:\n  command: php ../w.php\nhttp:\n  address: 127.0.0.1:0\n";
$cases = [
    'static dir' => $base . "  middleware: [static]\n  static:\n    dir: public\n",
    'tls cert' => $base . "  ssl:\n    address: 127.0.0.1:0\n    cert: certs/site.crt\n    key: certs/site.key\n",
    'log file' => $base . "logs:\n  output: [../w.php/app.log]\n",
    'missing script' => "version: '3'\nserver:\n  command: php nope.php\nhttp:\n  address: 127.0.0.1:0\n",
];
foreach ($cases as $name => $yaml) {
    $s = RrTest\Server::prepare(['w.php' => "<?php\n", 'conf/rr.yaml' => $yaml]);
    $s->launch(['-c', 'conf/rr.yaml', 'serve'], null, null);
    $code = $s->wait(20);
    $dir = realpath($s->dir);
    preg_match('/(?:rr-php: error: |error\s+)(.*)/', $s->log(), $m);
    printf("%-15s exit %d: %s\n", $name, $code, str_replace($dir, 'DIR', $m[1] ?? $s->log()));
}
?>
--EXPECT--
static dir      exit 1: http.static.dir: 'public' (DIR/conf/public) is not a directory: the static middleware needs an existing directory to serve
tls cert        exit 1: http.ssl.cert: cannot read 'certs/site.crt' (DIR/conf/certs/site.crt): No such file or directory
log file        exit 1: logs.output: cannot open '../w.php/app.log' (DIR/w.php/app.log): Failed opening file ../w.php/app.log for writing: Not a directory
missing script  exit 1: server.command: script 'nope.php' not found (relative paths start from DIR/conf)
