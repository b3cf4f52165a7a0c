--TEST--
Classic mode: each script runs in its own directory as under php-fpm (relative file names resolve there), whatever the previous script ran in or moved to with chdir(), and when the directory was replaced by a new one; through the master and with direct dispatch
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$files = [
    'public/index.php' => '<?php echo basename(getcwd()), " ", trim(file_get_contents("data.txt"));',
    'public/data.txt' => "root data\n",
    'public/sub/a.php' => '<?php echo basename(getcwd()), " ", trim(file_get_contents("data.txt"));',
    'public/sub/data.txt' => "sub data\n",
    'public/mover.php' => '<?php echo @chdir("sub") ? "moved to " : "could not move from ", basename(getcwd());',
    'public/gone/x.php' => '<?php echo basename(getcwd());',
];
foreach (['master' => [], 'direct' => ['-o', 'http.pool.dispatch=direct']] as $mode => $extra) {
    $s = RrTest\Server::prepare($files);
    $s->launch(array_merge(['serve', '--root', "$s->dir/public", '--listen', '127.0.0.1:0', '--workers', '1'], $extra));
    $out = [];
    foreach (['/', '/sub/a.php', '/sub/a.php', '/mover.php', '/', '/mover.php', '/sub/a.php', '/mover.php', '/index.php'] as $p) {
        $out[] = $s->get($p)->body;
    }
    echo "$mode: ", implode(' | ', $out), "\n";
    // A deploy replaces the directory (a new release renamed into place): the next request runs in
    // the new one, and after the old one is removed too.
    $d = "$s->dir/public";
    mkdir("$d/sub.new");
    copy("$d/sub/a.php", "$d/sub.new/a.php");
    file_put_contents("$d/sub.new/data.txt", "new release\n");
    rename("$d/sub", "$d/sub.old");
    rename("$d/sub.new", "$d/sub");
    $first = $s->get('/sub/a.php')->body;
    unlink("$d/sub.old/a.php");
    unlink("$d/sub.old/data.txt");
    rmdir("$d/sub.old");
    echo "$mode replaced: $first | ", $s->get('/sub/a.php')->body, "\n";
    $s->stop();
}
?>
--EXPECT--
master: public root data | sub sub data | sub sub data | moved to sub | public root data | moved to sub | sub sub data | moved to sub | public root data
master replaced: sub new release | sub new release
direct: public root data | sub sub data | sub sub data | moved to sub | public root data | moved to sub | sub sub data | moved to sub | public root data
direct replaced: sub new release | sub new release
