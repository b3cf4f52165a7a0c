--TEST--
Extension API: signatures from rr.stub.php, the FrankenPHP and php-fpm aliases, rr_worker_info(), misuse errors; fastcgi_finish_request() finishes the response early
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
$describe = function (string $fn): string {
    $r = new ReflectionFunction($fn);
    $params = array_map(fn ($p) => $p->getType() . ' $' . $p->getName() . ($p->isOptional() ? ' = ' . var_export($p->getDefaultValue(), true) : ''), $r->getParameters());
    return $fn . '(' . implode(', ', $params) . '): ' . $r->getReturnType();
};
$info = implode("\n", array_map($describe, ['rr_handle_request', 'frankenphp_handle_request', 'rr_worker_info',
    'headers_send', 'rr_finish_request', 'fastcgi_finish_request']));
while (frankenphp_handle_request(function () use ($info) {
    if ($_SERVER['REQUEST_URI'] === '/finish') {
        echo 'sent';
        var_dump(fastcgi_finish_request(), fastcgi_finish_request());
        echo 'dropped';
        return;
    }
    echo $info, "\n";
    $w = rr_worker_info();
    echo implode(',', array_keys($w)), ' ', $w['pid'] === getmypid() ? 'pid ok' : 'pid wrong', ' ', $w['mode'], "\n";
    try {
        rr_handle_request(fn () => null);
    } catch (Error $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
    try {
        rr_handle_request('no_such_function');
    } catch (TypeError $e) {
        echo get_class($e), "\n";
    }
})) {}
PHP);
echo $s->get('/')->body;
echo $s->get('/finish')->body, "\n";
$s->stop();
?>
--EXPECT--
rr_handle_request(callable $handler): bool
frankenphp_handle_request(callable $handler): bool
rr_worker_info(): array
headers_send(int $status = 200): int
rr_finish_request(): bool
fastcgi_finish_request(): bool
pid,mode,requests,memory pid ok worker
Error: rr_handle_request() cannot be called from inside a request handler
TypeError
sent
