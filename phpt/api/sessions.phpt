--TEST--
Worker mode: session_start() works per request (files handler); sessions do not leak between clients
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    session_start();
    $_SESSION['n'] = ($_SESSION['n'] ?? 0) + 1;
    echo session_id() === '' ? 'no id' : 'id', ' n=', $_SESSION['n'], ' status=', session_status();
})) {}
PHP, 1, ['-d', 'session.save_path=' . sys_get_temp_dir(), '-d', 'session.use_strict_mode=0']);
$r1 = $s->get('/');
preg_match('/PHPSESSID=([^;]+)/', (string)$r1->header('Set-Cookie'), $m);
$sid = $m[1] ?? '';
echo $r1->body, ' cookie=', $sid !== '' ? 'yes' : 'no', "\n";
$r2 = $s->get('/', ['Cookie' => "PHPSESSID=$sid"]);
echo $r2->body, ' cookie=', $r2->header('Set-Cookie') === null ? 'not resent' : 'resent', "\n";
$r3 = $s->get('/', ['Cookie' => "PHPSESSID=$sid"]);
echo $r3->body, "\n";
// Another client without the cookie gets a fresh session.
$r4 = $s->get('/');
echo $r4->body, "\n";
@unlink(sys_get_temp_dir() . "/sess_$sid");
$s->stop();
?>
--EXPECT--
id n=1 status=2 cookie=yes
id n=2 status=2 cookie=not resent
id n=3 status=2
id n=1 status=2
