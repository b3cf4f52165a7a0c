--TEST--
Classic mode from .rr.yaml (http.classic root/index/run_any_php): the front controller, run_any_php: false refuses other scripts, a reload that would leave classic mode is refused, bad values are config errors
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$yaml = fn (string $extra) => "version: '3'\nhttp:\n  address: 127.0.0.1:0\n  classic:\n    root: public\n    index: app.php\n$extra  pool:\n    num_workers: 1\n";
$files = [
    'public/app.php' => "<?php\necho 'front ', \$_SERVER['SCRIPT_NAME'], ' ', \$_SERVER['REQUEST_URI'];\n",
    'public/other.php' => "<?php\necho 'other';\n",
    '.rr.yaml' => $yaml("    run_any_php: false\n"),
];
$s = RrTest\Server::startWith($files, ['serve']);
$r = $s->get('/some/route?x=1');
echo $r->status, ' ', $r->body, "\n";
echo 'other.php: ', $s->get('/other.php')->status, "\n";
echo 'app.php: ', $s->get('/app.php')->body, "\n";
file_put_contents($s->dir . '/.rr.yaml', "version: '3'\nserver:\n  command: php public/other.php\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    num_workers: 1\n");
posix_kill($s->pid, SIGHUP);
echo 'refused: ', var_export($s->waitLog('http.classic (classic mode and its root) changes only with a restart', 10), true), "\n";
echo 'still classic: ', $s->get('/x')->body, "\n";
echo 'exit: ', $s->stop(), "\n";
foreach (["    run_any_php: maybe\n", "    index: /etc/passwd\n"] as $bad) {
    $b = RrTest\Server::prepare(['public/app.php' => '<?php', '.rr.yaml' => str_replace("    index: app.php\n", '', $yaml($bad))]);
    [$code, $out, $err] = RrTest\run(['-c', $b->dir . '/.rr.yaml', 'serve']);
    echo $code, ' ', trim($err), "\n";
}
[$code, $out, $err] = RrTest\run(['serve', '--root', sys_get_temp_dir(), '-o', 'http.pool.codec=proto']);
echo $code, ' ', trim($err), "\n";
[$code, $out, $err] = RrTest\run(['serve', '--root', '/nonexistent/public']);
echo $code, ' ', trim($err), "\n";
?>
--EXPECTF--
200 front /app.php /some/route?x=1
other.php: 403
app.php: front /app.php /app.php
refused: true
still classic: front /app.php /x
exit: 0
1 rr-php: error: http.classic.run_any_php: 'maybe' is not allowed: expected true or false
1 rr-php: error: http.classic.index: '/etc/passwd' is not allowed: expected a path inside the document root, e.g. index.php
1 rr-php: error: http.pool.codec: 'proto' is for goridge workers; classic mode (http.classic) runs embedded workers with the JSON context
1 rr-php: error: http.classic.root: '/nonexistent/public' is not a directory
