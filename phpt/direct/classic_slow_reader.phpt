--TEST--
Direct dispatch in classic mode: a client that reads a large static file slowly, or pipelines many requests for the server's own answers without reading, does not hold the worker (its PHP requests and other connections go on meanwhile); the slow one gets the whole file and then its pipelined request; one that stops reading is closed after http.write_timeout and the worker goes on
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$block = random_bytes(1 << 20);
$big = str_repeat($block, 16); // far more than the socket buffers hold
$s = RrTest\Server::prepare(['public/index.php' => '<?php echo "php ok";', 'public/big.bin' => $big]);
$s->launch(['serve', '--root', "$s->dir/public", '--listen', '127.0.0.1:0', '--workers', '1',
            '-o', 'http.pool.dispatch=direct', '-o', 'http.write_timeout=3s']);

// A: the big file and a script, pipelined; nothing read for now.
$a = $s->connect();
$a->send(RrTest\build_request('GET', '/big.bin') . RrTest\build_request('GET', '/index.php'));
usleep(300000);
// The only worker answers others meanwhile (it would wait for A's write_timeout otherwise).
$t = microtime(true);
$r = $s->get('/index.php');
$waited = microtime(true) - $t;
echo "other client while A's file waits: {$r->status} {$r->body}, ", $waited < 2.0 ? 'at once' : "after {$waited}s", "\n";
// A reads now: the whole file, then its script's answer.
$first = $a->read(false, 30);
echo 'A: ', $first->status, ' ', strlen($first->body) === strlen($big) && $first->body === $big ? 'whole file' : 'got ' . strlen($first->body) . ' bytes', "\n";
$second = $a->read(false, 10);
echo 'A then: ', $second->status, ' ', $second->body, "\n";

// C pipelines thousands of requests for answers of the worker's own (404s, HEADs of the big file)
// and reads none: those answers wait for C, not the worker.
$c = $s->connect();
$many = str_repeat(RrTest\build_request('GET', '/missing.php') . RrTest\build_request('HEAD', '/big.bin'), 15000);
$c->send($many);
usleep(300000);
$t = microtime(true);
$r = $s->get('/index.php');
$waited = microtime(true) - $t;
echo "other client while C reads nothing: {$r->status} {$r->body}, ", $waited < 2.0 ? 'at once' : "after {$waited}s", "\n";
$c->close();

// B stops reading: after write_timeout without progress it is closed; the worker serves on.
$b = $s->connect();
$b->send(RrTest\build_request('GET', '/big.bin'));
usleep(4500000);
echo 'during and after B: ', $s->get('/index.php')->body, "\n";
$got = $b->readToClose(microtime(true) + 10);
echo 'B closed before the end: ', strlen($got) > 0 && strlen($got) < strlen($big) ? 'yes' : 'no (' . strlen($got) . ' bytes)', "\n";
$s->stop();
?>
--EXPECT--
other client while A's file waits: 200 php ok, at once
A: 200 whole file
A then: 200 php ok
other client while C reads nothing: 200 php ok, at once
during and after B: php ok
B closed before the end: yes
