--TEST--
Classic mode: the router only looks at what is there (no file opened for a script); a script the workers' user may not read is 403 from the worker, without running PHP (php-fpm's "Access denied"), and so is such a static file, although the master runs as root; the worker then serves the next request; through the master and with direct dispatch
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
if (posix_geteuid() !== 0) {
    echo "these tests run as root (as CI does): workers run as another user only from root\n";
    exit(1);
}
$s = RrTest\Server::prepare([
    'public/index.php' => "<?php echo 'index as ', posix_getpwuid(posix_geteuid())['name'];",
    'public/secret.php' => "<?php echo 'secret ran';",
    'public/sub/index.php' => "<?php echo 'sub index';",
    'public/note.txt' => "note\n",
    'public/private.txt' => "root's secret\n",
]);
$d = $s->dir;
chmod("$d/public/secret.php", 0600); // root's: the workers (nobody) may not read it
chmod("$d/public/private.txt", 0600); // nor this: served for nobody, as nginx's workers would
foreach (['master' => [], 'direct' => ['-o', 'http.pool.dispatch=direct']] as $mode => $extra) {
    file_put_contents("$d/server.log", '');
    $s->launch(array_merge(['serve', '--root', "$d/public", '--listen', '127.0.0.1:0', '--workers', '1',
                            '-o', 'server.user=nobody', '-o', 'server.group=nogroup'], $extra));
    echo "$mode:\n";
    foreach (['/secret.php', '/', '/sub/', '/note.txt', '/private.txt', '/missing/route', '/secret.php/extra'] as $p) {
        $r = $s->get($p);
        echo "$p {$r->status} ", trim($r->body), "\n";
    }
    echo preg_match('/the script cannot be read.*secret\.php/', $s->log()) ? "logged\n" : $s->log();
    $s->stop();
}
?>
--EXPECT--
master:
/secret.php 403 forbidden
/ 200 index as nobody
/sub/ 200 sub index
/note.txt 200 note
/private.txt 403 forbidden
/missing/route 200 index as nobody
/secret.php/extra 403 forbidden
logged
direct:
/secret.php 403 forbidden
/ 200 index as nobody
/sub/ 200 sub index
/note.txt 200 note
/private.txt 403 forbidden
/missing/route 200 index as nobody
/secret.php/extra 403 forbidden
logged
