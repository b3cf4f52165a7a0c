--TEST--
SAPI name is rr-php; opcache is on in workers and one shared cache serves them all
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    $lib = __DIR__ . '/lib.php';
    switch ($_SERVER['REQUEST_URI']) {
    case '/info':
        $st = opcache_get_status(false);
        echo json_encode(['sapi' => php_sapi_name(), 'const' => PHP_SAPI, 'enabled' => $st['opcache_enabled'] ?? null]);
        break;
    case '/compile':
        // Compile lib.php here, then hold this worker so the next request goes to the other one.
        require $lib;
        $pid = getmypid();
        usleep(1500000);
        echo json_encode(['pid' => $pid, 'cached' => opcache_is_script_cached($lib)]);
        break;
    case '/check':
        // Asked before this worker ever included the file: only the shared cache can know it.
        echo json_encode(['pid' => getmypid(), 'cached' => opcache_is_script_cached($lib), 'included' => in_array($lib, get_included_files())]);
        break;
    }
})) {}
PHP, 2, [], ['lib.php' => "<?php\nfunction rr_test_lib() { return 42; }\n"]);
echo $s->get('/info')->body, "\n";
$slow = $s->connect();
$slow->send(RrTest\build_request('GET', '/compile'));
usleep(500000);
$check = json_decode($s->get('/check')->body, true);
$compile = json_decode($slow->read()->body, true);
var_dump($compile['cached'], $check['cached'], $check['included'], $compile['pid'] !== $check['pid']);
$s->stop();
?>
--EXPECT--
{"sapi":"rr-php","const":"rr-php","enabled":true}
bool(true)
bool(true)
bool(false)
bool(true)
