--TEST--
Worker mode: after any kind of fatal error the client gets a 500 and the next request is served in full by a fresh worker (never an empty answer PHP did not produce)
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
final class Bomb { public function __destruct() { throw new RuntimeException('from a destructor'); } }
function recurse(int $n): int { return recurse($n + 1) + 1; }
function recurse_native(): void { array_map('recurse_native', [1]); }
$booted = 'booted';
while (rr_handle_request(function () use ($booted) {
    switch ($_SERVER['REQUEST_URI']) {
    case '/memory_limit':
        $a = [];
        while (true) { $a[] = str_repeat('x', 1 << 20); }
    case '/max_execution_time':
        set_time_limit(1);
        while (true) {}
    case '/user_error':
        echo 'printed before';
        trigger_error('a user fatal', E_USER_ERROR);
        return;
    case '/destructor':
        $b = new Bomb();
        unset($b);
        return;
    case '/ob_callback':
        ob_start(function (string $buf) { trigger_error('fatal in an output handler', E_USER_ERROR); return $buf; });
        echo 'buffered';
        return;
    case '/shutdown_function':
        register_shutdown_function(function () { trigger_error('fatal in a shutdown function', E_USER_ERROR); });
        echo 'registered';
        return;
    case '/deep_recursion':
        recurse(0);
        return;
    case '/native_recursion':
        recurse_native();
        return;
    }
    echo $booted, ' ', getmypid(), ' ', str_repeat('y', 1000);
})) {}
PHP, 1, ['-d', 'memory_limit=64M', '-d', 'display_errors=0', '-d', 'zend.max_allowed_stack_size=-1']);
$ok = fn ($r) => $r->status === 200 && str_starts_with($r->body, 'booted ') && strlen($r->body) > 1000
    && (int)$r->header('Content-Length') === strlen($r->body);
foreach (['/memory_limit', '/max_execution_time', '/user_error', '/destructor', '/ob_callback',
          '/shutdown_function', '/deep_recursion', '/native_recursion'] as $path) {
    $before = $s->get('/');
    $r = $s->get($path);
    echo $path, ': ', $r->status;
    // Then several requests in a row: each one answered in full by a PHP that can serve it.
    $after = [];
    for ($i = 0; $i < 5; $i++) {
        $a = $s->get('/');
        $after[] = $ok($a) ? 'ok' : "BAD {$a->status} len=" . strlen($a->body);
    }
    echo ' then ', implode(',', array_unique($after)), "\n";
}
var_dump($s->waitLog('a user fatal'), $s->waitLog('Allowed memory size'), $s->waitLog('Maximum execution time'),
    $s->waitLog('from a destructor'), $s->waitLog('fatal in an output handler'));
var_dump($s->stop());
?>
--EXPECT--
/memory_limit: 500 then ok
/max_execution_time: 500 then ok
/user_error: 500 then ok
/destructor: 500 then ok
/ob_callback: 500 then ok
/shutdown_function: 200 then ok
/deep_recursion: 500 then ok
/native_recursion: 500 then ok
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
int(0)
