<?php
// Every configuration key the README documents (its "| `key` |" table rows) is used by at least
// one test: as a dotted key (-o http.pool.debug=true, 'http.static.dir') or as YAML, its segments
// appearing as "name:" in order in one test file. Exit 1 listing the keys no test uses.
$root = $argv[1] ?? dirname(__DIR__, 2);
$readme = file_get_contents("$root/README.md");
preg_match_all('/^\| `([a-z_0-9]+(?:\.[a-z_0-9*]+)+)`/m', $readme, $m);
$sections = ['version', 'include', 'envfile', 'server', 'http', 'rpc', 'logs', 'endure', 'reload', 'status',
    'metrics', 'kv', 'lock', 'jobs', 'beanstalk', 'nats', 'amqp'];
$keys = array_values(array_filter(array_unique($m[1]), fn ($k) => in_array(explode('.', $k)[0], $sections, true)));
$texts = [];
foreach (['phpt', 'tests'] as $dir) {
    $it = new RecursiveIteratorIterator(new RecursiveDirectoryIterator("$root/$dir", FilesystemIterator::SKIP_DOTS));
    foreach ($it as $f) {
        if (preg_match('/\.(phpt|php|inc|cpp|yaml)$/', $f->getFilename()) && !str_contains($f->getPathname(), '/lint/')) {
            $texts[] = file_get_contents($f->getPathname());
        }
    }
}
$used = function (string $key) use ($texts): bool {
    // A `*` segment in the middle stands for any name (kv.*.driver: kv.local.driver); at the end
    // for any key below.
    $inner = preg_replace('/\.\*$/', '', $key);
    $pattern = '/' . implode('\.[A-Za-z0-9_-]+\.', array_map(fn ($p) => preg_quote($p, '/'), explode('.*.', $inner))) . '\b/';
    $dotted = rtrim(str_replace('.*', '', $key), '.');
    $segments = array_values(array_filter(explode('.', $dotted), fn ($s) => $s !== ''));
    foreach ($texts as $t) {
        if (preg_match($pattern, $t)) {
            return true;
        }
        // YAML: each segment as "name:" (or "name: " inline), in order.
        $pos = 0;
        foreach ($segments as $seg) {
            $p = strpos($t, "$seg:", $pos);
            if ($p === false) {
                continue 2;
            }
            $pos = $p + strlen($seg);
        }
        return true;
    }
    return false;
};
$missing = array_values(array_filter($keys, fn ($k) => !$used($k)));
if ($missing) {
    fwrite(STDERR, "README keys no test uses:\n  " . implode("\n  ", $missing) . "\n");
    exit(1);
}
echo count($keys), " README keys, each used by a test\n";
