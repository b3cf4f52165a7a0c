--TEST--
API: $_SERVER and $_REQUEST are made for a request only once code names them (auto_globals_jit, as under php-fpm), and then for every later request: named by a file first compiled in the third request, by the handler itself, through the master and with direct dispatch, and always with auto_globals_jit=0
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$late = <<<'PHP'
<?php
echo "uri=", $_SERVER['REQUEST_URI'], " q=", $_REQUEST['q'] ?? '-', " ";
PHP;
// The handler never names the two; late.php (compiled at the third request) does.
$worker = <<<'PHP'
<?php
$n = 0;
while (rr_handle_request(static function () use (&$n): void {
    $n++;
    if ($n >= 3) {
        require __DIR__ . '/late.php';
    }
    $g = array_keys($GLOBALS);
    echo "n=$n server=", var_export(in_array('_SERVER', $g, true), true),
        " request=", var_export(in_array('_REQUEST', $g, true), true), "\n";
})) {}
PHP;
$runs = [
    'master' => [],
    'direct' => ['-o', 'http.pool.dispatch=direct'],
    'jit off' => ['-d', 'auto_globals_jit=0'],
];
foreach ($runs as $name => $args) {
    echo "-- $name\n";
    $s = RrTest\Server::start($worker, 1, $args, ['late.php' => $late]);
    for ($i = 1; $i <= 5; $i++) {
        echo $s->get("/p$i?q=$i")->body;
    }
    var_dump($s->stop());
}
// A handler that names $_SERVER gets this request's values every time.
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(static function (): void {
    echo $_SERVER['REQUEST_URI'], " ", $_SERVER['HTTP_X_N'] ?? '-', "\n";
})) {}
PHP, 1);
for ($i = 1; $i <= 3; $i++) {
    echo $s->request('GET', "/h$i", ['X-N' => (string)$i])->body;
}
var_dump($s->stop());
?>
--EXPECT--
-- master
n=1 server=false request=false
n=2 server=false request=false
uri=/p3?q=3 q=3 n=3 server=true request=true
uri=/p4?q=4 q=4 n=4 server=true request=true
uri=/p5?q=5 q=5 n=5 server=true request=true
int(0)
-- direct
n=1 server=false request=false
n=2 server=false request=false
uri=/p3?q=3 q=3 n=3 server=true request=true
uri=/p4?q=4 q=4 n=4 server=true request=true
uri=/p5?q=5 q=5 n=5 server=true request=true
int(0)
-- jit off
n=1 server=true request=true
n=2 server=true request=true
uri=/p3?q=3 q=3 n=3 server=true request=true
uri=/p4?q=4 q=4 n=4 server=true request=true
uri=/p5?q=5 q=5 n=5 server=true request=true
int(0)
/h1 1
/h2 2
/h3 3
int(0)
