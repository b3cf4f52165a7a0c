<?php
require __DIR__ . '/../tester.inc';

$routes = <<<'PHP'
<?php
function route(string $path): array {
    $d = __DIR__;
    $text = ['Content-Type' => ['text/plain; charset=UTF-8']];
    return match ($path) {
        '/file' => [200, $text + ['X-Sendfile' => ["$d/files/report.txt"], 'X-Custom' => ['kept'],
            'Content-Disposition' => ['attachment; filename="report.txt"']], 'worker body, replaced'],
        '/created' => [201, $text + ['X-Sendfile' => ["$d/files/report.txt"]], ''],
        '/binary' => [200, ['Content-Type' => ['application/octet-stream'], 'X-Sendfile' => ["$d/files/data.bin"]], ''],
        '/big' => [200, $text + ['X-Sendfile' => ["$d/files/big.txt"]], ''],
        '/traversal' => [200, $text + ['X-Sendfile' => ["$d/files/../secret.txt"]], 'worker body'],
        '/traversal-end' => [200, $text + ['X-Sendfile' => ["$d/files/.."]], 'worker body'],
        '/missing' => [200, $text + ['X-Sendfile' => ["$d/files/nope.txt"]], 'worker body'],
        '/directory' => [200, $text + ['X-Sendfile' => ["$d/files"]], 'worker body'],
        '/plain' => [200, $text, 'just php'],
        default => [404, $text, 'no route'],
    };
}
PHP;
$embed = <<<'PHP'
<?php
require __DIR__ . '/routes.php';
while (rr_handle_request(function () {
    [$status, $headers, $body] = route(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
    http_response_code($status);
    foreach ($headers as $name => $values) { foreach ($values as $v) { header("$name: $v", false); } }
    echo $body;
})) {}
PHP;
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$goridge = <<<PHP
<?php
require '$lib';
require __DIR__ . '/routes.php';
\$w = RrTest\Goridge\Worker::fromEnvironment();
while ((\$r = \$w->waitRequest()) !== null) {
    [\$status, \$headers, \$body] = route(parse_url(\$r['ctx']['uri'], PHP_URL_PATH));
    \$w->respond(\$status, \$headers, \$body);
}
PHP;
$report = "quarterly report\nline two\n";
$big = str_repeat("a large text file sent by X-Sendfile\n", 200);
$bin = random_bytes(70000);
$files = ['routes.php' => $routes, 'files/report.txt' => $report, 'files/big.txt' => $big, 'files/data.bin' => $bin, 'secret.txt' => "secret\n"];
$yaml = fn (string $mw) => "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  middleware: [$mw]\n  pool:\n    num_workers: 1\n";

function show(RrTest\Response $r, array $headers = ['Content-Type', 'Content-Length', 'X-Sendfile']): string
{
    $out = (string)$r->status;
    foreach ($headers as $h) {
        $out .= " | $h: " . ($r->header($h) ?? '-');
    }
    return $out . ' | ' . json_encode($r->body);
}

function checks(RrTest\Server $s, string $report, string $big, string $bin): string
{
    $o = [];
    $o[] = 'file: ' . show($s->get('/file'), ['Content-Type', 'Content-Length', 'X-Sendfile', 'X-Custom', 'Content-Disposition', 'Accept-Ranges']);
    $o[] = 'status kept: ' . show($s->get('/created'));
    $r = $s->get('/binary');
    $o[] = 'binary: ' . $r->status . ' | ' . $r->header('Content-Type') . ' | Content-Length ' . $r->header('Content-Length') . ' | bytes equal ' . var_export($r->body === $bin, true);
    $o[] = 'range: ' . show($s->get('/file', ['Range' => 'bytes=0-8']), ['Content-Range', 'Content-Length']);
    $o[] = 'range past end: ' . show($s->get('/file', ['Range' => 'bytes=500-']), ['Content-Range']);
    $c = $s->connect();
    $o[] = 'HEAD: ' . show($c->request('HEAD', '/file'), ['Content-Length', 'X-Sendfile']);
    $o[] = 'then: ' . show($c->request('GET', '/plain'), ['Content-Length']);
    $c->close();
    $r = $s->get('/big', ['Accept-Encoding' => 'gzip']);
    $o[] = 'gzip: ' . $r->status . ' | Content-Encoding: ' . ($r->header('Content-Encoding') ?? '-') . ' | decodes to the file ' . var_export(@gzdecode($r->body) === $big, true)
        . ' | Content-Length matches ' . var_export($r->header('Content-Length') === (string)strlen($r->body), true);
    $r = $s->get('/big');
    $o[] = 'identity: ' . $r->status . ' | Content-Encoding: ' . ($r->header('Content-Encoding') ?? '-') . ' | Content-Length ' . $r->header('Content-Length') . ' | file ' . var_export($r->body === $big, true);
    $o[] = 'traversal: ' . show($s->get('/traversal'));
    $o[] = 'traversal at the end: ' . show($s->get('/traversal-end'));
    $o[] = 'missing: ' . show($s->get('/missing'));
    $o[] = 'directory: ' . show($s->get('/directory'));
    $o[] = 'plain: ' . show($s->get('/plain'));
    // Several in a row on one connection.
    $c = $s->connect();
    $ok = 0;
    for ($i = 0; $i < 20; $i++) {
        $ok += $c->request('GET', '/file')->body === $report ? 1 : 0;
    }
    $c->close();
    $o[] = "20 on one connection: $ok intact";
    return implode("\n", $o) . "\n";
}

$s = RrTest\Server::startWith(['worker.php' => $embed, '.rr.yaml' => $yaml('sendfile, gzip')] + $files, ['serve']);
$embedOut = checks($s, $report, $big, $bin);
echo $embedOut;
echo 'log: ', var_export(str_contains($s->log(), 'X-Sendfile path refused') && str_contains($s->log(), 'X-Sendfile file not found'), true), "\n";
$s->stop();

$s = RrTest\Server::startWith(['worker.php' => $goridge, '.rr.yaml' => $yaml('sendfile, gzip')] + $files, ['serve']);
$goOut = checks($s, $report, $big, $bin);
$s->stop();
// Only the lines that differ from the embedded run are shown.
$a = explode("\n", $embedOut);
$b = explode("\n", $goOut);
$diff = array_filter(array_keys($b), fn ($i) => ($a[$i] ?? null) !== $b[$i]);
echo 'goridge worker: ', $diff ? "differs:\n" . implode("\n", array_map(fn ($i) => '  ' . $b[$i], $diff)) . "\n" : "same\n";

// Without the middleware X-Sendfile is just a header.
foreach (['embedded' => $embed, 'goridge' => $goridge] as $mode => $worker) {
    $s = RrTest\Server::startWith(['worker.php' => $worker, '.rr.yaml' => $yaml('')] + $files, ['serve']);
    $r = $s->get('/file');
    echo "$mode, not enabled: ", $r->status, ' | X-Sendfile ends with ', var_export(str_ends_with((string)$r->header('X-Sendfile'), '/files/report.txt'), true), ' | ', json_encode($r->body), "\n";
    $s->stop();
}
?>
