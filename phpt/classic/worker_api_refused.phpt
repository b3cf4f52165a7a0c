--TEST--
Classic mode: a worker script in the document root (it calls rr_handle_request()) requested by a client gets a 500 and the worker goes on serving; through the master and with direct dispatch (it used to hang the worker for good, or take its next requests)
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$files = [
    'index.php' => '<?php echo "index ", $_SERVER["REQUEST_URI"];',
    'loop.php' => "<?php\nwhile (rr_handle_request(function () { echo 'handled by loop.php for ', \$_SERVER['REQUEST_URI']; })) {}\necho 'after the loop';\n",
];
foreach (['master', 'direct'] as $dispatch) {
    $s = RrTest\Server::prepare($files);
    $s->launch(['serve', '--root', $s->dir, '--listen', '127.0.0.1:0', '--workers', '1', '-o', "http.pool.dispatch=$dispatch",
        '-o', 'http.write_timeout=5s']);
    echo "== $dispatch\n";
    for ($i = 1; $i <= 3; $i++) {
        $t = microtime(true);
        $r = $s->get("/loop.php?i=$i");
        $after = $s->get("/index.php?i=$i");
        printf("loop.php: %d (%s) | then index.php: %d %s\n", $r->status, microtime(true) - $t < 4 ? 'at once' : 'late',
            $after->status, $after->body);
    }
    echo 'logged: ', var_export(str_contains($s->log(), 'rr_handle_request() works only in a worker script'), true), "\n";
    var_dump($s->stop());
}
?>
--EXPECT--
== master
loop.php: 500 (at once) | then index.php: 200 index /index.php?i=1
loop.php: 500 (at once) | then index.php: 200 index /index.php?i=2
loop.php: 500 (at once) | then index.php: 200 index /index.php?i=3
logged: true
int(0)
== direct
loop.php: 500 (at once) | then index.php: 200 index /index.php?i=1
loop.php: 500 (at once) | then index.php: 200 index /index.php?i=2
loop.php: 500 (at once) | then index.php: 200 index /index.php?i=3
logged: true
int(0)
