--TEST--
logs: production mode writes JSON lines, raw writes messages only, off writes nothing; output files; per-plugin channels; http.access_logs
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = "<?php\nwhile (rr_handle_request(function () { file_put_contents('php://stderr', \"from \\\"php\\\"\\n\"); echo 'hello'; })) {}\n";
$base = "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  access_logs: true\n  pool:\n    num_workers: 1\n";

// production: every line is a JSON object; the worker's stderr and the access log included.
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $base . "logs:\n  mode: production\n"], ['serve'],
    null, '#serving http://127\.0\.0\.1:(\d+)#');
$s->get('/x?y=1');
$s->waitLog('http log');
$s->stop();
$lines = array_filter(explode("\n", $s->log()));
$json = array_map(fn ($l) => json_decode($l, true), $lines);
echo 'production: all JSON: ', var_export(!in_array(null, $json, true), true), ', keys: ', implode(',', array_keys($json[0])), "\n";
foreach ($json as $j) {
    if (str_contains($j['msg'], 'from "php"') || str_starts_with($j['msg'], 'http log')) {
        echo '  ', $j['level'], ' ', $j['logger'], ' ', preg_replace(['/worker \d+/', '/[\d.]+ms/'], ['worker PID', 'Tms'], $j['msg']), "\n";
    }
    if ($j['msg'] === 'http log') { // the access log's values in their own fields
        echo '  fields: ', implode(' ', array_map(fn ($k) => "$k=" . $j[$k], ['method', 'uri', 'status', 'bytes', 'remote_addr', 'protocol', 'client_gone'])),
            ', elapsed_ms numeric: ', var_export(is_numeric($j['elapsed_ms']), true), "\n";
    }
}

// raw: messages only.
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $base . "logs:\n  mode: raw\n"], ['serve']);
$s->get('/');
$s->waitLog('http log');
$s->stop();
echo 'raw: ', preg_match('/^rr-php version .*: serving http/m', $s->log()) ? 'message only' : $s->log(), "\n";

// off: nothing at all (the ready line is not there either, so wait for the port to answer).
$probe = stream_socket_server('tcp://127.0.0.1:0');
$port = (int)substr(strrchr(stream_socket_get_name($probe, false), ':'), 1);
fclose($probe);
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => str_replace('127.0.0.1:0', "127.0.0.1:$port", $base) . "logs:\n  mode: off\n"], ['serve'], null, null);
$s->port = $port;
$deadline = microtime(true) + 20;
$status = 0;
while (microtime(true) < $deadline && $status === 0) {
    try {
        $status = $s->get('/')->status;
    } catch (RuntimeException $e) {
        usleep(50000);
    }
}
$s->stop();
echo "off: status $status, log bytes: ", strlen($s->log()), "\n";

// Files and channels: the http channel (access log) in its own file, the rest in another.
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $base . "logs:\n  output: [stderr, all.log]\n  channels:\n    http:\n      output: [access.log]\n"], ['serve']);
$s->get('/a');
$s->get('/b');
$s->stop();
$access = file_get_contents($s->dir . '/access.log');
$all = file_get_contents($s->dir . '/all.log');
echo 'access.log: ', preg_replace(['/^\S+ /m', '/[\d.]+ms/'], ['', 'Tms'], $access);
echo 'all.log has the start line and worker output but no access log: ',
    var_export(str_contains($all, 'serving http') && str_contains($all, 'from "php"') && !str_contains($all, 'http log'), true), "\n";

// err_output: where the logger's own failures go (here: every write to /dev/full fails).
$s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => str_replace('127.0.0.1:0', "127.0.0.1:$port", $base) . "logs:\n  output: [/dev/full]\n  err_output: [errors.log]\n"], ['serve'], null, null);
$deadline = microtime(true) + 20;
while (!str_contains((string)@file_get_contents($s->dir . '/errors.log'), 'logger error') && microtime(true) < $deadline) {
    usleep(50000);
}
$s->port = $port;
echo 'err_output: ', strtok((string)@file_get_contents($s->dir . '/errors.log'), "\n"), "\n";
$s->stop();
?>
--EXPECT--
production: all JSON: true, keys: level,ts,logger,msg
  info rr-php worker PID: from "php"
  info rr-php http log
  fields: method=GET uri=/x?y=1 status=200 bytes=120 remote_addr=127.0.0.1 protocol=HTTP/1.1 client_gone=false, elapsed_ms numeric: true
raw: message only
off: status 200, log bytes: 0
access.log: info  http log: GET /a 200 120B Tms remote=127.0.0.1
info  http log: GET /b 200 120B Tms remote=127.0.0.1
all.log has the start line and worker output but no access log: true
err_output: rr-php: logger error: Failed flush to file /dev/full: No space left on device
