--TEST--
rr-php jobs: list, pause, resume and destroy pipelines of a running server, in RoadRunner's flag spelling (--pause p1,p2) and as words (pause p1 p2), with a table; bad usage and an unreachable server are errors
--FILE--
<?php
require __DIR__ . '/../tester.inc';
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
jobs:
  consume: [mails, bills]
  pool:
    command: php -n consumer.php
    num_workers: 1
  pipelines:
    mails:
      driver: memory
      config:
        priority: 5
    bills:
      driver: memory
      config:
        priority: 10
    later:
      driver: memory
YAML;
$files = ['worker.php' => "<?php\nwhile (rr_handle_request(function () { echo 'ok'; })) {}\n",
    'consumer.php' => "<?php\nrequire '" . realpath(__DIR__ . '/../../tests/php/jobs.php') . "';\n\$c = new RrTest\\Jobs\\Consumer();\nwhile (\$c->waitTask()) { \$c->ack(); }\n",
    '.rr.yaml' => $yaml];
$s = RrTest\Server::startWith($files, ['-c', '.rr.yaml', 'serve']);
preg_match('#rpc on (tcp://127\.0\.0\.1:\d+)#', $s->log(), $m);
$rpc = ['-o', "rpc.listen={$m[1]}"];
$run = function (array $args) use ($s, $rpc) {
    [$code, $out, $err] = RrTest\run(array_merge(['-w', $s->dir], $rpc, ['jobs'], $args));
    echo '$ rr-php jobs ', implode(' ', $args), " -> $code\n", $out, $err === '' ? '' : "stderr: $err";
};
$run([]);
$run(['pause', 'mails', 'bills']);
$run(['--resume', 'mails,bills']);
$run(['--list']);
$run(['destroy', 'later']);
$run(['pause']);
$run(['frobnicate']);
$run(['--pause', 'mails', 'resume', 'bills']);
$run(['pause', 'nope']);
$s->stop();
[$code, , $err] = RrTest\run(array_merge(['-w', $s->dir], $rpc, ['jobs', 'list']));
echo 'server gone: ', $code, ' ', str_contains($err, 'rr-php: error:') ? 'error' : $err, "\n";
?>
--EXPECTF--
$ rr-php jobs  -> 0
+--------+----------+--------+-------+----------+--------+---------+----------+
| STATUS | PIPELINE | DRIVER | QUEUE | PRIORITY | ACTIVE | DELAYED | RESERVED |
+--------+----------+--------+-------+----------+--------+---------+----------+
| ready  | bills    | memory | bills | 10       | 0      | 0       | 0        |
| paused | later    | memory | later | 10       | 0      | 0       | 0        |
| ready  | mails    | memory | mails | 5        | 0      | 0       | 0        |
+--------+----------+--------+-------+----------+--------+---------+----------+
$ rr-php jobs pause mails bills -> 0
Pipelines paused: mails, bills
+--------+----------+--------+-------+----------+--------+---------+----------+
| STATUS | PIPELINE | DRIVER | QUEUE | PRIORITY | ACTIVE | DELAYED | RESERVED |
+--------+----------+--------+-------+----------+--------+---------+----------+
| paused | bills    | memory | bills | 10       | 0      | 0       | 0        |
| paused | later    | memory | later | 10       | 0      | 0       | 0        |
| paused | mails    | memory | mails | 5        | 0      | 0       | 0        |
+--------+----------+--------+-------+----------+--------+---------+----------+
$ rr-php jobs --resume mails,bills -> 0
Pipelines resumed: mails, bills
+--------+----------+--------+-------+----------+--------+---------+----------+
| STATUS | PIPELINE | DRIVER | QUEUE | PRIORITY | ACTIVE | DELAYED | RESERVED |
+--------+----------+--------+-------+----------+--------+---------+----------+
| ready  | bills    | memory | bills | 10       | 0      | 0       | 0        |
| paused | later    | memory | later | 10       | 0      | 0       | 0        |
| ready  | mails    | memory | mails | 5        | 0      | 0       | 0        |
+--------+----------+--------+-------+----------+--------+---------+----------+
$ rr-php jobs --list -> 0
+--------+----------+--------+-------+----------+--------+---------+----------+
| STATUS | PIPELINE | DRIVER | QUEUE | PRIORITY | ACTIVE | DELAYED | RESERVED |
+--------+----------+--------+-------+----------+--------+---------+----------+
| ready  | bills    | memory | bills | 10       | 0      | 0       | 0        |
| paused | later    | memory | later | 10       | 0      | 0       | 0        |
| ready  | mails    | memory | mails | 5        | 0      | 0       | 0        |
+--------+----------+--------+-------+----------+--------+---------+----------+
$ rr-php jobs destroy later -> 0
Pipelines destroyed: later
+--------+----------+--------+-------+----------+--------+---------+----------+
| STATUS | PIPELINE | DRIVER | QUEUE | PRIORITY | ACTIVE | DELAYED | RESERVED |
+--------+----------+--------+-------+----------+--------+---------+----------+
| ready  | bills    | memory | bills | 10       | 0      | 0       | 0        |
| ready  | mails    | memory | mails | 5        | 0      | 0       | 0        |
+--------+----------+--------+-------+----------+--------+---------+----------+
$ rr-php jobs pause -> 1
stderr: rr-php: error: jobs: name the pipelines, e.g. rr-php jobs pause emails
$ rr-php jobs frobnicate -> 1
stderr: rr-php: error: jobs: expected one of: list, pause PIPELINE..., resume PIPELINE..., destroy PIPELINE... (or RoadRunner's --list, --pause P1,P2, --resume P1,P2, --destroy P1,P2)
$ rr-php jobs --pause mails resume bills -> 1
stderr: rr-php: error: jobs: expected one of: list, pause PIPELINE..., resume PIPELINE..., destroy PIPELINE... (or RoadRunner's --list, --pause P1,P2, --resume P1,P2, --destroy P1,P2)
$ rr-php jobs pause nope -> 1
stderr: rr-php: error: %s
server gone: 1 error
