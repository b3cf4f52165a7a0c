--TEST--
Symbolic links in the document root, built like Debian's packaged apps (a linked folder and file out of the root, a linked .php script): followed by default as nginx does; http.disable_symlinks on / if_not_owner / outside_root refuse them; a dangling link is 404, a loop 403; URL traversal stays refused
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$files = [
    'public/index.php' => "<?php echo 'front ', \$_SERVER['REQUEST_URI'];",
    'public/real.css' => "real {}\n",
    'outside/tpl/style.css' => "linked folder {}\n",
    'outside/tpl/script.js' => "linked();\n",
    'outside/logo.txt' => "linked file\n",
    'outside/page.php' => "<?php echo 'linked script ', basename(__FILE__), ' ', \$_SERVER['SCRIPT_NAME'];",
    'outside/theirs.txt' => "owned by somebody else\n",
];
$s = RrTest\Server::prepare($files);
$d = $s->dir;
symlink("$d/outside/tpl", "$d/public/tpl");             // as /usr/share/dokuwiki/lib/tpl -> /var/lib/...
symlink("$d/outside/logo.txt", "$d/public/logo.txt");   // as wp-includes/js/*.js -> /usr/share/javascript/...
symlink("$d/outside/page.php", "$d/public/page.php");
symlink("$d/outside/theirs.txt", "$d/public/theirs.txt");
chown("$d/outside/theirs.txt", 65534);                  // the link is root's, its target is not
symlink("$d/nowhere.css", "$d/public/dangling.css");
symlink("$d/nowhere.php", "$d/public/dangling.php");
symlink("$d/public/loop.css", "$d/public/loop.css");
$paths = ['/real.css', '/tpl/style.css', '/tpl/script.js', '/logo.txt', '/page.php', '/theirs.txt',
          '/dangling.css', '/dangling.php', '/loop.css', '/tpl/../../outside/logo.txt', '/tpl/%2e%2e/%2e%2e/outside/logo.txt',
          '/tpl/..%2f..%2foutside/logo.txt'];
foreach (['off (default)' => [], 'on' => ['-o', 'http.disable_symlinks=on'],
          'if_not_owner' => ['-o', 'http.disable_symlinks=if_not_owner'],
          'outside_root' => ['-o', 'http.disable_symlinks=outside_root']] as $mode => $extra) {
    file_put_contents("$d/server.log", ''); // a fresh log: launch() reads the port from it
    $s->launch(array_merge(['serve', '--root', "$d/public", '--listen', '127.0.0.1:0', '--workers', '1'], $extra));
    echo "== $mode\n";
    foreach ($paths as $p) {
        $c = $s->connect();
        $r = $c->request('GET', $p);  // sent as is: the client does not normalise ".."
        $c->close();
        printf("%-40s %d %s %s\n", $p, $r->status, $r->header('Content-Type') ?? '-', $r->status === 200 ? trim($r->body) : '');
    }
    var_dump($s->stop());
}
// The static middleware (worker mode) follows the same rule.
$yaml = "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  middleware: [static]\n  static:\n    dir: public\n  pool:\n    num_workers: 1\n";
file_put_contents("$d/worker.php", "<?php\nwhile (rr_handle_request(function () { http_response_code(404); echo 'php'; })) {}\n");
file_put_contents("$d/.rr.yaml", $yaml);
file_put_contents("$d/server.log", '');
$s->launch(['serve']);
echo "== static middleware\n";
foreach (['/tpl/style.css', '/logo.txt', '/dangling.css'] as $p) {
    $r = $s->get($p);
    printf("%-40s %d %s\n", $p, $r->status, trim($r->body));
}
var_dump($s->stop());
[$code, , $err] = RrTest\run(['serve', '--root', "$d/public", '-o', 'http.disable_symlinks=sometimes']);
echo "bad mode: exit $code, ", trim(preg_replace('/^.*error:\s+/', '', $err)), "\n";
?>
--EXPECT--
== off (default)
/real.css                                200 text/css real {}
/tpl/style.css                           200 text/css linked folder {}
/tpl/script.js                           200 application/javascript linked();
/logo.txt                                200 text/plain linked file
/page.php                                200 text/html; charset=UTF-8 linked script page.php /page.php
/theirs.txt                              200 text/plain owned by somebody else
/dangling.css                            200 text/html; charset=UTF-8 front /dangling.css
/dangling.php                            404 text/plain; charset=utf-8 
/loop.css                                403 text/plain; charset=utf-8 
/tpl/../../outside/logo.txt              403 text/plain; charset=utf-8 
/tpl/%2e%2e/%2e%2e/outside/logo.txt      403 text/plain; charset=utf-8 
/tpl/..%2f..%2foutside/logo.txt          403 text/plain; charset=utf-8 
int(0)
== on
/real.css                                200 text/css real {}
/tpl/style.css                           403 text/plain; charset=utf-8 
/tpl/script.js                           403 text/plain; charset=utf-8 
/logo.txt                                403 text/plain; charset=utf-8 
/page.php                                403 text/plain; charset=utf-8 
/theirs.txt                              403 text/plain; charset=utf-8 
/dangling.css                            403 text/plain; charset=utf-8 
/dangling.php                            403 text/plain; charset=utf-8 
/loop.css                                403 text/plain; charset=utf-8 
/tpl/../../outside/logo.txt              403 text/plain; charset=utf-8 
/tpl/%2e%2e/%2e%2e/outside/logo.txt      403 text/plain; charset=utf-8 
/tpl/..%2f..%2foutside/logo.txt          403 text/plain; charset=utf-8 
int(0)
== if_not_owner
/real.css                                200 text/css real {}
/tpl/style.css                           200 text/css linked folder {}
/tpl/script.js                           200 application/javascript linked();
/logo.txt                                200 text/plain linked file
/page.php                                200 text/html; charset=UTF-8 linked script page.php /page.php
/theirs.txt                              403 text/plain; charset=utf-8 
/dangling.css                            200 text/html; charset=UTF-8 front /dangling.css
/dangling.php                            404 text/plain; charset=utf-8 
/loop.css                                403 text/plain; charset=utf-8 
/tpl/../../outside/logo.txt              403 text/plain; charset=utf-8 
/tpl/%2e%2e/%2e%2e/outside/logo.txt      403 text/plain; charset=utf-8 
/tpl/..%2f..%2foutside/logo.txt          403 text/plain; charset=utf-8 
int(0)
== outside_root
/real.css                                200 text/css real {}
/tpl/style.css                           403 text/plain; charset=utf-8 
/tpl/script.js                           403 text/plain; charset=utf-8 
/logo.txt                                403 text/plain; charset=utf-8 
/page.php                                403 text/plain; charset=utf-8 
/theirs.txt                              403 text/plain; charset=utf-8 
/dangling.css                            403 text/plain; charset=utf-8 
/dangling.php                            403 text/plain; charset=utf-8 
/loop.css                                403 text/plain; charset=utf-8 
/tpl/../../outside/logo.txt              403 text/plain; charset=utf-8 
/tpl/%2e%2e/%2e%2e/outside/logo.txt      403 text/plain; charset=utf-8 
/tpl/..%2f..%2foutside/logo.txt          403 text/plain; charset=utf-8 
int(0)
== static middleware
/tpl/style.css                           200 linked folder {}
/logo.txt                                200 linked file
/dangling.css                            404 php
int(0)
bad mode: exit 1, http.disable_symlinks: 'sometimes' is not allowed: expected off (follow symbolic links, the default), on, if_not_owner or outside_root
