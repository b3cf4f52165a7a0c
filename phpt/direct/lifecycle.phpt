--TEST--
Direct dispatch: under keep-alive load no request fails across max_jobs rotations, a SIGHUP reload and a graceful stop; a request in flight at SIGTERM is finished
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    if ($_SERVER['REQUEST_URI'] === '/slow') {
        usleep(700000);
    }
    echo 'v1';
})) {}
PHP, 2, ['-o', 'http.pool.dispatch=direct', '-o', 'http.pool.max_jobs=300']);
// max_jobs: workers leave and are replaced while 8 connections keep sending.
$start = $s->workers();
$res = RrTest\load($s, 8, function () use ($s, $start) {
    return count(array_diff($s->workers(), $start)) >= 2;
}, 300, 20000, 30.0);
var_dump($res['finished'], $res['errors'], array_keys($res['status']));
// SIGHUP: a new generation of workers (the new code answers), no request fails.
file_put_contents($s->script, str_replace("'v1'", "'v2'", file_get_contents($s->script)));
$sent = false;
$res = RrTest\load($s, 8, function () use ($s, &$sent) {
    if (!$sent) {
        posix_kill($s->pid, SIGHUP);
        $sent = true;
    }
    return str_contains($s->log(), 'reload: done');
}, 300, 30000, 30.0);
var_dump($res['finished'], $res['errors'], array_keys($res['status']), isset($res['bodies']['v2']));
if (!isset($res['bodies']['v2'])) { // what the server did, for the failure's report
    fwrite(STDERR, json_encode($res['bodies']) . "\nserver log:\n" . $s->log() . "\nprocesses: " . implode(' ', array_map(fn ($p) => $p . ':' . trim((string)@file_get_contents("/proc/$p/comm")), $s->descendants())) . "\n");
}
// SIGTERM with a request in flight: it is answered, then the server exits 0.
$c = $s->connect();
$c->send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
usleep(200000);
posix_kill($s->pid, SIGTERM);
$r = $c->read(false, 10);
var_dump($r->status, $r->body);
var_dump($s->wait(20));
?>
--EXPECT--
bool(true)
int(0)
array(1) {
  [0]=>
  int(200)
}
bool(true)
int(0)
array(1) {
  [0]=>
  int(200)
}
bool(true)
int(200)
string(2) "v2"
int(0)
