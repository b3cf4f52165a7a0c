--TEST--
Workers: a script that ends (exit() outside a request, or leaving its loop) is replaced; no request fails
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
$n = 0;
while (rr_handle_request(function () use (&$n) { $n++; echo getmypid(); })) {
    if ($n >= 3) {
        exit(0); // this worker has served enough
    }
}
PHP, 1);
$pids = [];
$statuses = [];
for ($i = 0; $i < 12; $i++) {
    $r = $s->get('/');
    $statuses[$r->status] = ($statuses[$r->status] ?? 0) + 1;
    $pids[$r->body] = true;
}
var_dump($statuses, count($pids));
var_dump($s->stop());
?>
--EXPECT--
array(1) {
  [200]=>
  int(12)
}
int(4)
int(0)
