--TEST--
Job offers: offers that together outgrow the busy worker's pipe (64 KB) go out in part at once and the rest as the worker reads: the master never waits on a full pipe (a static file is served meanwhile) and every job arrives whole
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = <<<'PHP'
<?php
while (rr_handle_request(function () {
    if ($_SERVER['REQUEST_URI'] === '/slow') {
        usleep(2500000);
        echo 'slow';
        return;
    }
    $body = file_get_contents('php://input');
    echo strlen($body), ' ', md5($body);
})) {}
PHP;
$s = RrTest\Server::start($worker, 1, ['-o', 'http.middleware=static', '-o', 'http.static.dir=public',
    '-o', 'logs.level=debug'], ['public/file.txt' => "static\n"]);
// The only worker is busy for 2.5 s.
$slow = $s->connect();
$slow->send(RrTest\build_request('GET', '/slow'));
usleep(200000);
// Three jobs of 30 KB are offered to it (an offer is at most 32 KB): the third fits the pipe only in part.
$posts = [];
foreach ([1, 2, 3] as $i) {
    $body = random_bytes(30 * 1024);
    $c = $s->connect();
    $c->send(RrTest\build_request('POST', "/post$i", ['Content-Type' => 'application/octet-stream'], $body));
    $posts[] = [$c, $body];
    usleep(100000);
}
var_dump(substr_count($s->log(), 'job offered to busy worker'));
// The master answers a static file at once, while the rest of the third job waits for the worker.
$t0 = microtime(true);
$r = $s->get('/file.txt');
$took = microtime(true) - $t0;
echo $r->status, ' ', trim($r->body), ' ', $took < 1.0 ? 'at once' : sprintf('after %.2f s', $took), "\n";
$sl = $slow->read();
echo $sl->status, ' ', $sl->body, "\n";
foreach ($posts as [$c, $body]) {
    $b = $c->read();
    echo $b->status, ' ', var_export($b->body === strlen($body) . ' ' . md5($body), true), "\n";
}
var_dump($s->stop());
?>
--EXPECT--
int(3)
200 static at once
200 slow
200 true
200 true
200 true
int(0)
