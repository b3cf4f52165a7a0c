--TEST--
reload section / serve --watch: editing a PHP file under load restarts the workers with the new code and no request fails; other files, ignored directories and a .php file's unchanged neighbours do not; a missing directory stops the start
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = <<<'PHP'
<?php
require __DIR__ . '/lib/answer.php';
while (rr_handle_request(function () {
    echo answer();
})) {}
PHP;
$s = RrTest\Server::start($worker, 2, ['--watch', '-o', 'reload.interval=200ms', '-o', 'reload.patterns=[.inc]',
    '-o', 'reload.plugins.http.patterns=[.php]', '-o', 'reload.plugins.http.ignore=[vendor]'], [
    'lib/answer.php' => "<?php function answer() { return 'v1'; }\n",
    'vendor/pkg/x.php' => "<?php\n",
    'notes.txt' => "x\n",
]);
var_dump($s->get('/')->body);
// Not watched: a text file, and anything under vendor/.
file_put_contents($s->dir . '/notes.txt', "y\n");
file_put_contents($s->dir . '/vendor/pkg/x.php', "<?php // changed\n");
usleep(800000);
var_dump(str_contains($s->log(), 'changed'));
// A PHP file the worker includes changes while 8 connections keep sending.
$edited = false;
$res = RrTest\load($s, 8, function () use ($s, &$edited) {
    if (!$edited) {
        file_put_contents($s->dir . '/lib/answer.php', "<?php function answer() { return 'v2'; }\n");
        $edited = true;
    }
    return str_contains($s->log(), 'reload: done');
}, 200, 20000, 30.0);
var_dump($res['finished'], $res['errors'], array_keys($res['status']));
var_dump(str_contains($s->log(), '/lib/answer.php changed'));
$b = $s->get('/')->body;
var_dump($b);
if ($b !== 'v2') { // what the server did, for the failure's report
    fwrite(STDERR, "server log:\n" . $s->log() . "\nlib/answer.php: " . file_get_contents($s->dir . '/lib/answer.php'));
}
// A directory created after the start is watched too.
mkdir($s->dir . '/lib/more');
usleep(100000);
file_put_contents($s->dir . '/lib/more/new.php', "<?php\n");
var_dump($s->waitLog('/lib/more/new.php changed'));
var_dump($s->stop());

// Exec'd goridge workers (a RoadRunner-style worker under php-cli) are restarted the same way.
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$exec = "<?php\nrequire '$lib';\nrequire __DIR__ . '/lib/answer.php';\n\$w = new RrTest\\Goridge\\Worker();\n"
    . "while ((\$req = \$w->waitRequest()) !== null) {\n    \$w->respond(200, [], answer());\n}\n";
$yaml = "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  pool:\n    mode: exec\n    num_workers: 2\n"
    . "reload:\n  interval: 200ms\n  plugins:\n    http:\n      dirs: [lib]\n";
$s = RrTest\Server::startWith(['worker.php' => $exec, '.rr.yaml' => $yaml, 'lib/answer.php' => "<?php function answer() { return 'e1'; }\n"], ['serve']);
var_dump($s->get('/')->body);
$edited = false;
$res = RrTest\load($s, 8, function () use ($s, &$edited) {
    if (!$edited) {
        file_put_contents($s->dir . '/lib/answer.php', "<?php function answer() { return 'e2'; }\n");
        $edited = true;
    }
    return str_contains($s->log(), 'reload: done');
}, 200, 20000, 30.0);
var_dump($res['finished'], $res['errors'], array_keys($res['status']), $s->get('/')->body);
var_dump($s->stop());

// A directory that does not exist: the start stops with the path.
$s = RrTest\Server::prepare(['worker.php' => "<?php while (rr_handle_request(fn() => print('x'))) {}\n"]);
$s->launch(['serve', 'worker.php', '--listen', '127.0.0.1:0', '-o', 'reload.plugins.http.dirs=[nowhere]', '-o', 'reload.plugins.http.recursive=false'], null, null);
var_dump($s->wait(20));
var_dump(str_contains($s->log(), "reload: '" . realpath($s->dir) . "/nowhere' is not a directory"));
?>
--EXPECT--
string(2) "v1"
bool(false)
bool(true)
int(0)
array(1) {
  [0]=>
  int(200)
}
bool(true)
string(2) "v2"
bool(true)
int(0)
string(2) "e1"
bool(true)
int(0)
array(1) {
  [0]=>
  int(200)
}
string(2) "e2"
int(0)
int(1)
bool(true)
