--TEST--
README: every PHP snippet runs as written, with the command the README gives for it (extracted from README.md)
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$readme = file_get_contents(__DIR__ . '/../../README.md');
// Each ```php block, and the ```sh block that follows it (the command to run it).
preg_match_all('/```php\n(.*?)```\s*```sh\n(.*?)```/s', $readme, $m, PREG_SET_ORDER);
echo count($m) > 0 ? count($m) . " snippet(s)\n" : "no snippet found\n";
foreach ($m as $i => [, $php, $sh]) {
    $args = preg_split('/\s+/', trim(strtok($sh, "\n")));
    if ($args[0] !== 'rr-php') {
        echo "snippet $i: its command is not an rr-php command: $sh\n";
        continue;
    }
    array_shift($args);
    // The README's address: a free loopback port instead.
    $k = array_search('--listen', $args, true);
    if ($k !== false) {
        $args[$k + 1] = '127.0.0.1:0';
    }
    $s = RrTest\Server::startWith(['worker.php' => $php], $args);
    $r = $s->get('/?name=Ada&lang=fr');
    $json = json_decode($r->body, true);
    echo "snippet $i: ", $r->status, ' ', $r->header('Content-Type'), ' ', $json['message'] ?? $r->body, "\n";
    var_dump($s->stop());
}
?>
--EXPECT--
1 snippet(s)
snippet 0: 200 application/json Bonjour, Ada
int(0)
