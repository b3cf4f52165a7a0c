--TEST--
Worker mode: one user's session never shows in another user's request on the same worker (every session API, custom save handler, session ini changes)
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
final class MemoryHandler implements SessionHandlerInterface {
    public static array $data = [];
    public function open($path, $name): bool { return true; }
    public function close(): bool { return true; }
    public function read($id): string|false { return self::$data[$id] ?? ''; }
    public function write($id, $data): bool { self::$data[$id] = $data; return true; }
    public function destroy($id): bool { unset(self::$data[$id]); return true; }
    public function gc($max): int|false { return 0; }
}
while (rr_handle_request(function () {
    switch (parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH)) {
    case '/alice/login':          // logs in and leaves the session open (written at the end)
        session_start();
        $_SESSION['user'] = 'alice';
        echo 'ok';
        return;
    case '/alice/login-closed':   // logs in and closes the session itself
        session_start();
        $_SESSION['user'] = 'alice';
        session_write_close();
        echo 'ok';
        return;
    case '/alice/regenerate':
        session_start();
        $_SESSION['user'] = 'alice';
        session_regenerate_id(true);
        echo 'ok';
        return;
    case '/alice/destroy':
        session_start();
        $_SESSION['user'] = 'alice';
        session_destroy();
        echo 'ok';
        return;
    case '/alice/custom':         // her own save handler, session name, cookie params and ini
        session_set_save_handler(new MemoryHandler(), true);
        session_name('ALICE');
        session_set_cookie_params(['lifetime' => 999, 'path' => '/alice', 'httponly' => true]);
        ini_set('session.gc_maxlifetime', '7');
        ini_set('session.serialize_handler', 'php_serialize');
        session_cache_limiter('public');
        session_start();
        $_SESSION['user'] = 'alice-custom';
        echo 'ok';
        return;
    case '/alice/id':             // chooses her session id by hand
        session_id('alicechoseme');
        session_start();
        $_SESSION['user'] = 'alice-id';
        echo 'ok';
        return;
    case '/bob/peek':             // never starts a session
        echo json_encode([
            'session' => $_SESSION ?? 'undefined',
            'status' => session_status(),
            'id' => session_id(),
            'name' => session_name(),
            'module' => session_module_name(),
            'cookie' => session_get_cookie_params(),
            'gc' => ini_get('session.gc_maxlifetime'),
            'ser' => ini_get('session.serialize_handler'),
            'limiter' => session_cache_limiter(),
        ]);
        return;
    case '/bob/start':            // starts his own session without a cookie
        session_start();
        echo json_encode(['session' => $_SESSION, 'module' => session_module_name(),
            'id_is_new' => session_id() !== 'alicechoseme' && session_id() !== '']);
        return;
    }
})) {}
PHP, 1, ['-d', 'session.save_path=' . sys_get_temp_dir(), '-d', 'session.use_strict_mode=0',
         '-d', 'session.gc_maxlifetime=1440']);
$bob = [];
$cookies = [];
foreach (range(1, 4) as $round) {
    foreach (['login', 'login-closed', 'regenerate', 'destroy', 'custom', 'id'] as $what) {
        $a = $s->get("/alice/$what");
        if ($a->status !== 200 || $a->body !== 'ok') {
            echo "alice $what: {$a->status} {$a->body}\n";
        }
        foreach (['peek', 'start'] as $bobWhat) {
            $b = $s->get("/bob/$bobWhat");
            $bob["$bobWhat {$b->status} {$b->body}"] = true;
            if ($bobWhat === 'start') {
                $c = (string)$b->header('Set-Cookie');
                // Bob's cookie: default name, path and lifetime, whatever Alice set.
                $cookies[preg_replace('/=[^;]+;/', '=ID;', $c)] = true;
            }
        }
    }
}
echo implode("\n", array_keys($bob)), "\n";
echo implode("\n", array_keys($cookies)), "\n";
echo str_contains(implode('', array_keys($bob)), 'alice') ? "LEAK\n" : "no leak\n";
foreach (glob(sys_get_temp_dir() . '/sess_*') as $f) {
    if (str_contains((string)@file_get_contents($f), 'alice')) {
        @unlink($f);
    }
}
var_dump(count($s->workers()), $s->stop());
?>
--EXPECT--
peek 200 {"session":"undefined","status":1,"id":"","name":"PHPSESSID","module":"files","cookie":{"lifetime":0,"path":"\/","domain":"","secure":false,"httponly":false,"samesite":""},"gc":"1440","ser":"php","limiter":"nocache"}
start 200 {"session":[],"module":"files","id_is_new":true}
PHPSESSID=ID; path=/
no leak
int(1)
int(0)
