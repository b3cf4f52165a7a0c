--TEST--
Worker mode: a fatal error while the session is written (a user save handler) answers 500 and replaces the worker; the next request is served in full
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
final class FailingWrite implements SessionHandlerInterface {
    public function open($p, $n): bool { return true; }
    public function close(): bool { return true; }
    public function read($id): string|false { return ''; }
    public function write($id, $data): bool { trigger_error('the session store is gone', E_USER_ERROR); return false; }
    public function destroy($id): bool { return true; }
    public function gc($max): int|false { return 0; }
}
while (rr_handle_request(function () {
    if ($_SERVER['REQUEST_URI'] === '/session') {
        session_set_save_handler(new FailingWrite(), true);
        session_start();
        $_SESSION['x'] = 1;
        echo 'handler done';
        return;
    }
    echo 'ok ', getmypid();
})) {}
PHP, 1, ['-d', 'display_errors=0']);
$pid = $s->get('/')->body;
$r = $s->get('/session');
echo 'session write fatal: ', $r->status, "\n";
$next = $s->get('/');
echo 'next: ', $next->status, ' ', str_starts_with($next->body, 'ok ') && $next->body !== $pid ? 'a fresh worker' : "same worker ({$next->body})", "\n";
var_dump($s->waitLog('the session store is gone'), $s->stop());
?>
--EXPECT--
session write fatal: 500
next: 200 a fresh worker
bool(true)
int(0)
