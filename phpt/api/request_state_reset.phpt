--TEST--
Worker mode: ini settings, error/exception handlers and the timezone changed by a request are back to the worker's bootstrap values for the next request
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
// The bootstrap: what every request starts from.
date_default_timezone_set('Europe/Paris');
ini_set('precision', '10');
set_error_handler(function () { return false; });
$bootHandler = set_error_handler(null);
set_error_handler($bootHandler);
error_reporting(E_ALL & ~E_DEPRECATED);
while (rr_handle_request(function () use ($bootHandler) {
    if ($_SERVER['REQUEST_URI'] === '/change') {
        date_default_timezone_set('Asia/Tokyo');
        date_default_timezone_set('America/New_York');
        ini_set('precision', '3');
        ini_set('display_errors', '1');
        ini_set('default_charset', 'ISO-8859-1');
        error_reporting(0);
        set_error_handler(fn () => true);
        set_error_handler(fn () => true);
        set_exception_handler(fn () => null);
        $GLOBALS['http_response_header'] = ['HTTP/1.1 200 OK', 'X-From: another user'];
        echo 'changed';
        return;
    }
    $eh = set_error_handler(null);
    set_error_handler($eh);
    $xh = set_exception_handler(null);
    echo json_encode([
        'tz' => date_default_timezone_get(),
        'precision' => ini_get('precision'),
        'display_errors' => ini_get('display_errors'),
        'charset' => ini_get('default_charset'),
        'reporting' => error_reporting() === (E_ALL & ~E_DEPRECATED),
        'error_handler_is_bootstrap' => $eh === $bootHandler,
        'exception_handler' => $xh,
        'http_response_header' => $GLOBALS['http_response_header'] ?? 'undefined',
    ]), "\n";
})) {}
PHP, 1, ['-d', 'display_errors=0', '-d', 'default_charset=UTF-8']);
$first = $s->get('/peek')->body;
echo $first;
for ($i = 0; $i < 3; $i++) {
    echo $s->get('/change')->body, "\n";
    $again = $s->get('/peek')->body;
    echo $again === $first ? "same as before\n" : "CHANGED: $again";
}
var_dump($s->stop());
?>
--EXPECT--
{"tz":"Europe\/Paris","precision":"10","display_errors":"0","charset":"UTF-8","reporting":true,"error_handler_is_bootstrap":true,"exception_handler":null,"http_response_header":"undefined"}
changed
same as before
changed
same as before
changed
same as before
int(0)
