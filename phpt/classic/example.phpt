--TEST--
The bundled classic-mode example (examples/classic/public) serves its page with a session and its stylesheet without PHP
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::prepare([]);
$s->launch(['serve', '--root', dirname(__DIR__, 2) . '/examples/classic/public', '--listen', '127.0.0.1:0', '--workers', '1',
    '-d', 'session.save_path=' . $s->dir]);
$r = $s->get('/');
preg_match('/^(PHPSESSID=[^;]+)/', (string)$r->header('Set-Cookie'), $m);
echo $r->status, ' ', var_export(str_contains($r->body, 'Hello from classic mode') && str_contains($r->body, 'visit 1 in'), true), "\n";
$r = $s->get('/', ['Cookie' => $m[1] ?? '']);
echo 'second visit: ', var_export(str_contains($r->body, 'visit 2 in'), true), "\n";
$r = $s->get('/style.css');
echo 'css: ', $r->status, ' ', $r->header('Content-Type'), ' ', var_export($r->header('Set-Cookie'), true), "\n";
echo 'other: ', $s->get('/nope')->status, "\n";
echo 'exit: ', $s->stop(), "\n";
?>
--EXPECT--
200 true
second visit: true
css: 200 text/css NULL
other: 404
exit: 0
