--TEST--
Workers: a script that cannot start (parse error, or never calls rr_handle_request) stops serve with a clear error and exit code 1
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$dir = sys_get_temp_dir() . '/rr-phpt-boot-' . getmypid();
@mkdir($dir);
file_put_contents("$dir/parse.php", "<?php\nfunction broken( {\n");
file_put_contents("$dir/noloop.php", "<?php\necho 'I am a classic script';\n");
foreach (['parse.php', 'noloop.php'] as $f) {
    [$code, $out, $err] = RrTest\run(['serve', "$dir/$f", '--listen', '127.0.0.1:0', '--workers', '2']);
    echo "$f: exit $code\n";
    echo preg_match('/the worker script .*' . preg_quote($f) . ' could not start: the worker exited before it was ready/', $err) ? "clear error\n" : "unclear: $err\n";
}
echo str_contains(RrTest\run(['serve', "$dir/noloop.php", '--listen', '127.0.0.1:0'])[2], "the script never calls rr_handle_request(). If it is written for php-fpm (no worker loop), serve its directory in classic mode: rr-php serve --root $dir") ? "classic mode suggested\n" : "no suggestion\n";
echo preg_match('/PHP Parse error:  syntax error/', RrTest\run(['serve', "$dir/parse.php", '--listen', '127.0.0.1:0'])[2]) ? "parse error shown\n" : "parse error missing\n";
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECT--
parse.php: exit 1
clear error
noloop.php: exit 1
clear error
classic mode suggested
parse error shown
