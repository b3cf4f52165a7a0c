--TEST--
App logger RPC (app.Error/Warning/Info/Debug, app.Log, the *WithContext variants with applogger.v1.LogEntry over the proto codec, their attributes as JSON members in JSON logs), from a worker's rr_rpc() and from a goridge client over rpc.listen: lines in the server's log with the worker's pid and level, RR's replies, wrong codecs refused
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
require __DIR__ . '/../../tests/php/goridge.php';
$s = RrTest\Server::start(<<<'PHP'
<?php
// applogger.v1.LogEntry by hand: 1 message, 2 repeated LogAttrs{1 key, 2 value}.
function field(int $n, string $bytes): string { return chr($n << 3 | 2) . chr(strlen($bytes)) . $bytes; }
function entry(string $message, array $attrs): string {
    $out = field(1, $message);
    foreach ($attrs as $k => $v) { $out .= field(2, field(1, $k) . field(2, (string)$v)); }
    return $out;
}
while (rr_handle_request(function () {
    $out = [];
    $out[] = 'Info: ' . var_export(rr_rpc('app.Info', 'hello from the app'), true);
    rr_rpc('app.Error', 'something failed');
    rr_rpc('app.Warning', 'careful');
    rr_rpc('app.Log', 'a raw line');
    $out[] = 'InfoWithContext: ' . json_encode(RR\Rpc::call('app.InfoWithContext', entry('with context', ['user' => 'alice', 'id' => 7])));
    RR\Rpc::call('app.ErrorWithContext', entry('failed with context', ['code' => 'E42']));
    foreach ([fn () => rr_rpc('app.Info', ['not' => 'a string']), fn () => RR\Rpc::call('app.InfoWithContext', '"json"', 'json'),
              fn () => RR\Rpc::call('app.InfoWithContext', "\xff\xff\xff")] as $bad) {
        try { $bad(); $out[] = 'no error'; } catch (RR\RpcException $e) { $out[] = $e->getMessage(); }
    }
    echo implode("\n", $out), "\n", getmypid();
})) {}
PHP, 1, ['-o', 'rpc.listen=tcp://127.0.0.1:0', '-o', 'logs.level=debug']);
$body = $s->get('/')->body;
$pid = (int)substr($body, strrpos($body, "\n") + 1);
echo substr($body, 0, strrpos($body, "\n")), "\n";
$s->waitLog('failed with context');
$log = $s->log();
foreach (["info  worker $pid: hello from the app", "error worker $pid: something failed", "warning worker $pid: careful",
          "info  worker $pid: with context user=alice id=7", "error worker $pid: failed with context code=E42"] as $line) {
    echo str_contains($log, $line) ? 'logged: ' : 'MISSING: ', $line === '' ? '' : preg_replace('/worker \d+/', 'worker N', $line), "\n";
}
echo 'raw line alone on its own line: ', var_export((bool)preg_match('/^a raw line$/m', $log), true), "\n";
// A stock-style client over rpc.listen: no worker behind it, so no pid.
preg_match('#rpc on (tcp://127\.0\.0\.1:\d+)#', $log, $m);
$rpc = new RrTest\Goridge\Rpc($m[1]);
var_dump($rpc->call('app.Debug', 'from outside'));
$s->waitLog('from outside');
echo 'outside line: ', var_export((bool)preg_match('/debug +from outside$/m', $s->log()), true), "\n";
$s->stop();

// JSON logs: the context attributes are members of the line, not part of msg.
$s = RrTest\Server::start(file_get_contents($s->script), 1, ['-o', 'logs.encoding=json']);
$body = $s->get('/')->body;
$pid = (int)substr($body, strrpos($body, "\n") + 1);
$s->waitLog('failed with context');
foreach (explode("\n", $s->log()) as $line) {
    $j = json_decode($line, true);
    if (is_array($j) && str_contains($j['msg'] ?? '', 'with context')) {
        unset($j['ts']);
        echo str_replace((string)$pid, 'N', json_encode($j)), "\n";
    }
}
$s->stop();
?>
--EXPECT--
Info: false
InfoWithContext: ""
app.Info: the argument must be a JSON string
app.InfoWithContext: takes the proto codec (applogger.v1.LogEntry), got flags 0x08
app.InfoWithContext: the argument is not an applogger.v1.LogEntry
logged: info  worker N: hello from the app
logged: error worker N: something failed
logged: warning worker N: careful
logged: info  worker N: with context user=alice id=7
logged: error worker N: failed with context code=E42
raw line alone on its own line: true
bool(false)
outside line: true
{"level":"info","logger":"rr-php","msg":"worker N: with context","user":"alice","id":"7"}
{"level":"error","logger":"rr-php","msg":"worker N: failed with context","code":"E42"}
