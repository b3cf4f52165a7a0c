<?php
require __DIR__ . '/../tester.inc';

$embed = <<<'PHP'
<?php
$n = 0;
while (rr_handle_request(function () use (&$n) {
    $n++;
    header('Content-Type: text/plain; charset=UTF-8');
    header('Vary: Accept-Language');
    header('X-Total-Count: 7');
    echo "php {$_SERVER['REQUEST_METHOD']} #$n";
})) {}
PHP;
$lib = realpath(__DIR__ . '/../../tests/php/goridge.php');
$goridge = <<<PHP
<?php
require '$lib';
\$w = RrTest\Goridge\Worker::fromEnvironment();
\$n = 0;
while ((\$r = \$w->waitRequest()) !== null) {
    \$n++;
    \$w->respond(200, ['Content-Type' => ['text/plain; charset=UTF-8'], 'Vary' => ['Accept-Language'], 'X-Total-Count' => ['7']], "php {\$r['ctx']['method']} #\$n");
}
PHP;
$yaml = fn (string $mw, string $headers) => "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  middleware: [$mw]\n  headers:\n$headers  pool:\n    num_workers: 1\n";

function show(RrTest\Response $r): string
{
    $out = (string)$r->status;
    foreach (['Vary', 'Access-Control-Allow-Origin', 'Access-Control-Allow-Methods', 'Access-Control-Allow-Headers',
            'Access-Control-Allow-Credentials', 'Access-Control-Max-Age', 'Access-Control-Expose-Headers', 'X-Served-By'] as $h) {
        if (($v = $r->header($h)) !== null) {
            $out .= ' | ' . str_replace('Access-Control-', 'AC-', $h) . ": $v";
        }
    }
    return $out . ' | CL ' . ($r->header('Content-Length') ?? '-') . ' | ' . json_encode($r->body);
}

function preflight(RrTest\Server $s, ?string $origin, string $method, ?string $headers = null): string
{
    $h = ['Access-Control-Request-Method' => $method];
    if ($origin !== null) {
        $h['Origin'] = $origin;
    }
    if ($headers !== null) {
        $h['Access-Control-Request-Headers'] = $headers;
    }
    return show($s->request('OPTIONS', '/api', $h));
}

$configs = [
    'A' => "    response:\n      X-Served-By: rr-php\n    cors:\n      allowed_origin: '*'\n      allowed_methods: 'GET, POST,put,DELETE'\n      allowed_headers: 'x-foo, Content-Type'\n      allow_credentials: true\n      exposed_headers: 'x-total-count,X-Page'\n      max_age: 600\n",
    'B' => "    cors:\n      allowed_origin: 'https://example.com, https://*.example.org'\n      allowed_methods: GET\n      options_success_status: 204\n",
    'C' => "    cors:\n      allowed_origin_regex: '^https://(foo|bar)\\.test$'\n      allowed_headers: '*'\n      allowed_methods: 'GET,PATCH'\n",
];

function checks(RrTest\Server $s, string $config): string
{
    $o = [];
    if ($config === 'A') {
        $o[] = 'allowed: ' . preflight($s, 'https://app.example.com', 'put', 'X-FOO, content-type');
        $o[] = 'no request headers: ' . preflight($s, 'https://other.example', 'DELETE');
        $o[] = 'method refused: ' . preflight($s, 'https://app.example.com', 'PATCH');
        $o[] = 'header refused: ' . preflight($s, 'https://app.example.com', 'POST', 'x-foo, x-bar');
        $o[] = 'no Origin: ' . preflight($s, null, 'GET');
        $o[] = 'OPTIONS without AC-Request-Method goes to PHP: ' . show($s->request('OPTIONS', '/api', ['Origin' => 'https://app.example.com']));
        $o[] = 'actual GET: ' . show($s->get('/api', ['Origin' => 'https://app.example.com']));
        $o[] = 'actual POST: ' . show($s->request('POST', '/api', ['Origin' => 'https://x.test'], 'a=1'));
        $o[] = 'actual without Origin: ' . show($s->get('/api'));
        $o[] = 'actual PATCH (method not allowed): ' . show($s->request('PATCH', '/api', ['Origin' => 'https://app.example.com']));
    } elseif ($config === 'B') {
        $o[] = 'listed: ' . preflight($s, 'https://example.com', 'GET');
        $o[] = 'listed, other case: ' . preflight($s, 'HTTPS://Example.COM', 'get');
        $o[] = 'wildcard: ' . preflight($s, 'https://a.b.example.org', 'GET');
        $o[] = 'wildcard needs a subdomain: ' . preflight($s, 'https://example.org', 'GET');
        $o[] = 'not listed: ' . preflight($s, 'https://evil.com', 'GET');
        $o[] = 'lookalike: ' . preflight($s, 'https://example.com.evil.com', 'GET');
        $o[] = 'default headers: ' . preflight($s, 'https://example.com', 'GET', 'accept, content-type, x-requested-with, origin');
        $o[] = 'default headers, other refused: ' . preflight($s, 'https://example.com', 'GET', 'content-type, authorization');
        $o[] = 'method POST refused: ' . preflight($s, 'https://example.com', 'POST');
        $o[] = 'actual allowed: ' . show($s->get('/api', ['Origin' => 'https://shop.example.org']));
        $o[] = 'actual refused: ' . show($s->get('/api', ['Origin' => 'https://evil.com']));
    } else {
        $o[] = 'regex match: ' . preflight($s, 'https://foo.test', 'patch', 'x-anything, X-Other-Thing');
        $o[] = 'regex miss: ' . preflight($s, 'https://baz.test', 'GET');
        $o[] = 'regex anchored: ' . preflight($s, 'https://foo.test.evil.com', 'GET');
        $o[] = 'actual match: ' . show($s->get('/api', ['Origin' => 'https://bar.test']));
        $o[] = 'actual miss: ' . show($s->get('/api', ['Origin' => 'http://bar.test']));
    }
    $o[] = 'PHP saw: ' . $s->get('/count')->body;
    return implode("\n", $o) . "\n";
}

foreach ($configs as $name => $headers) {
    echo "== config $name\n";
    $s = RrTest\Server::startWith(['worker.php' => $embed, '.rr.yaml' => $yaml('headers', $headers)], ['serve']);
    $embedOut = checks($s, $name);
    echo $embedOut;
    $s->stop();
    $s = RrTest\Server::startWith(['worker.php' => $goridge, '.rr.yaml' => $yaml('headers', $headers)], ['serve']);
    $goOut = checks($s, $name);
    $s->stop();
    // Only the lines that differ from the embedded run are shown.
    $a = explode("\n", $embedOut);
    $b = explode("\n", $goOut);
    $diff = array_filter(array_keys($b), fn ($i) => ($a[$i] ?? null) !== $b[$i]);
    echo 'goridge worker: ', $diff ? "differs:\n" . implode("\n", array_map(fn ($i) => '  ' . $b[$i], $diff)) . "\n" : "same\n";
}

// Without the headers middleware the cors section does nothing: the preflight reaches PHP.
$s = RrTest\Server::startWith(['worker.php' => $embed, '.rr.yaml' => $yaml('', $configs['A'])], ['serve']);
echo 'not enabled: ', preflight($s, 'https://app.example.com', 'GET'), "\n";
echo 'exit: ', $s->stop(), "\n";
?>
