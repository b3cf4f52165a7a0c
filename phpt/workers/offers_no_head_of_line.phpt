--TEST--
Job offers: a request waiting for a worker never waits behind a slow request while another worker frees up
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = <<<'PHP'
<?php
while (rr_handle_request(function () {
    usleep((int)($_GET['ms'] ?? 0) * 1000);
    echo getmypid();
})) {}
PHP;
foreach (['prefetch on' => [], 'prefetch off' => ['-o', 'http.pool.prefetch=false']] as $mode => $args) {
    $s = RrTest\Server::start($worker, 2, array_merge($args, ['-o', 'logs.level=debug']));
    $slow = $s->connect();
    $slow->send(RrTest\build_request('GET', '/?ms=2000'));
    usleep(100000);
    $medium = $s->connect();
    $medium->send(RrTest\build_request('GET', '/?ms=400'));
    usleep(100000);
    // Both workers are busy now. This one is offered to (or queued for) the worker that frees first.
    $t0 = microtime(true);
    $fast = $s->connect();
    $fast->send(RrTest\build_request('GET', '/'));
    $r = $fast->read();
    $waited = microtime(true) - $t0;
    $m = $medium->read();
    $sl = $slow->read();
    printf("%s: fast %d after %s, on the medium request's worker: %s; slow %d, medium %d\n", $mode, $r->status,
        $waited < 1.2 ? 'less than 1.2 s' : sprintf('%.2f s', $waited), var_export($r->body === $m->body, true),
        $sl->status, $m->status);
    $s->stop();
    printf("%s: offered %s, withdrawn %s\n", $mode, var_export(str_contains($s->log(), 'job offered to busy worker'), true),
        var_export(str_contains($s->log(), 'withdrawn: worker'), true));
}
?>
--EXPECT--
prefetch on: fast 200 after less than 1.2 s, on the medium request's worker: true; slow 200, medium 200
prefetch on: offered true, withdrawn true
prefetch off: fast 200 after less than 1.2 s, on the medium request's worker: true; slow 200, medium 200
prefetch off: offered false, withdrawn false
