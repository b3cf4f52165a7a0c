--TEST--
systemd Type=notify: READY=1 once serving, RELOADING=1 then READY=1 around a SIGHUP reload, STOPPING=1 on SIGTERM (sent to $NOTIFY_SOCKET, as sd_notify does)
--EXTENSIONS--
sockets
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$path = sys_get_temp_dir() . '/rr-notify-' . bin2hex(random_bytes(4)) . '.sock';
$sock = socket_create(AF_UNIX, SOCK_DGRAM, 0);
socket_bind($sock, $path);
socket_set_option($sock, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 15, 'usec' => 0]);
$next = function () use ($sock): string {
    $buf = '';
    return @socket_recv($sock, $buf, 4096, 0) === false ? 'timeout' : str_replace("\n", ' | ', $buf);
};
putenv("NOTIFY_SOCKET=$path");
$s = RrTest\Server::start("<?php while (rr_handle_request(function () { echo 'x'; })) {}\n", 2);
putenv('NOTIFY_SOCKET');
var_dump($next());
posix_kill($s->pid, SIGHUP);
var_dump($next(), $next());
var_dump($s->get('/')->body);
posix_kill($s->pid, SIGTERM);
var_dump($next());
var_dump($s->wait(20));
unlink($path);
?>
--EXPECT--
string(39) "READY=1 | STATUS=serving with 2 workers"
string(30) "RELOADING=1 | STATUS=reloading"
string(39) "READY=1 | STATUS=serving with 2 workers"
string(1) "x"
string(28) "STOPPING=1 | STATUS=stopping"
int(0)
