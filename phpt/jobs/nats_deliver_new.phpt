--TEST--
Jobs on NATS JetStream: config.deliver_new — jobs already in the stream when the pipeline's consumer is created are skipped with deliver_new: true and delivered without it; data another program published is delivered as a raw payload
--FILE--
<?php
require __DIR__ . '/../tester.inc';
require __DIR__ . '/../../tests/php/jobs.php';
$store = sys_get_temp_dir() . '/rr-nats-new-' . getmypid();
@mkdir($store);
$nats = RrTest\nats_server($store);

// Before rr-php starts: two work-queue streams, each with one message, made over NATS' own protocol.
$c = stream_socket_client("tcp://127.0.0.1:{$nats->port}", $errno, $errstr, 5);
stream_set_timeout($c, 5);
fgets($c); // INFO
fwrite($c, "CONNECT {\"verbose\":false,\"headers\":true}\r\nSUB _INBOX.t 1\r\n");
// (deliver_new needs a stream that keeps messages by limits: JetStream refuses it on a work queue.)
foreach (['rr-old' => ['rr.old', 'workqueue'], 'rr-new' => ['rr.new', 'limits']] as $stream => [$subject, $retention]) {
    $cfg = json_encode(['name' => $stream, 'subjects' => [$subject], 'retention' => $retention, 'storage' => 'file']);
    fwrite($c, "PUB \$JS.API.STREAM.CREATE.$stream _INBOX.t " . strlen($cfg) . "\r\n$cfg\r\n");
    while (($line = fgets($c)) !== false && !str_starts_with($line, 'MSG ')) {
    }
    fgets($c); // the reply's payload
    fwrite($c, "PUB $subject _INBOX.t 9\r\nbefore-rr\r\n");
    while (($line = fgets($c)) !== false && !str_starts_with($line, 'MSG ')) {
    }
    fgets($c); // the publish ack
}
fclose($c);

$yaml = <<<YAML
version: '3'
server:
  command: php -n worker.php
http:
  address: 127.0.0.1:0
  pool:
    num_workers: 1
rpc:
  listen: tcp://127.0.0.1:0
nats:
  addr: nats://127.0.0.1:{$nats->port}
jobs:
  consume: [old, new]
  pool:
    command: php -n consumer.php
    num_workers: 1
  pipelines:
    old:
      driver: nats
      config:
        subject: rr.old
        stream: rr-old
    new:
      driver: nats
      config:
        subject: rr.new
        stream: rr-new
        deliver_new: true
YAML;
$consumer = <<<'PHP'
<?php
require getenv('JOBS_CLIENT');
$c = new RrTest\Jobs\Consumer();
while ($t = $c->waitTask()) {
    file_put_contents(__DIR__ . '/done.log', "{$t['pipeline']} {$t['job']} {$t['payload']}\n", FILE_APPEND | LOCK_EX);
    $c->ack();
}
PHP;
putenv('JOBS_CLIENT=' . realpath(__DIR__ . '/../../tests/php/jobs.php'));
$s = RrTest\Server::startWith(['consumer.php' => $consumer, 'worker.php' => "<?php\nwhile (rr_handle_request(function () { echo 'ok'; })) {}\n",
    '.rr.yaml' => $yaml], ['-c', '.rr.yaml', 'serve']);
preg_match('#rpc on (tcp://127\.0\.0\.1:\d+)#', $s->log(), $m);
$rpc = new RrTest\Goridge\Rpc($m[1]);
$jobs = new RrTest\Jobs\Producer(fn (string $method, string $body) => $rpc->callProto($method, $body));
$jobs->push('new', 'Fresh', 'after-rr');
$jobs->push('old', 'Fresh', 'after-rr');
$done = fn () => array_filter(explode("\n", (string)@file_get_contents("$s->dir/done.log")));
$deadline = microtime(true) + 20;
while (count($done()) < 3 && microtime(true) < $deadline) {
    usleep(20000);
}
usleep(500000); // a message wrongly delivered would show up by now
$lines = $done();
sort($lines);
echo implode("\n", $lines), "\n";
$s->stop();
$nats->stop();
exec('rm -rf ' . escapeshellarg($store));
?>
--EXPECT--
new Fresh after-rr
old Fresh after-rr
old nats before-rr
