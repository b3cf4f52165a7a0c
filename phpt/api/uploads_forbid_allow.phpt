--TEST--
Embedded workers: http.uploads.forbid / allow (case-insensitive extensions, forbid wins) give refused files UPLOAD_ERR_EXTENSION (8) with no temp file kept, allowed ones 0; http.uploads.dir is where PHP writes the temp files (tmp_name below it, all gone after the request)
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$worker = <<<'PHP'
<?php
while (rr_handle_request(function () {
    $dir = ini_get('upload_tmp_dir');
    $out = ['post' => $_POST, 'upload_tmp_dir_set' => $dir !== '' && $dir !== false, 'files' => []];
    foreach ($_FILES as $field => $f) {
        $out['files'][$field] = [
            'name' => $f['name'], 'error' => $f['error'], 'size' => $f['size'],
            'tmp_below_dir' => $f['tmp_name'] !== '' && str_starts_with($f['tmp_name'], rtrim($dir, '/') . '/'),
            'tmp_name_empty' => $f['tmp_name'] === '',
            'uploaded' => $f['tmp_name'] !== '' && is_uploaded_file($f['tmp_name']),
            'sha1' => $f['tmp_name'] !== '' && is_file($f['tmp_name']) ? sha1_file($f['tmp_name']) : null,
        ];
    }
    $out['in_dir_now'] = count(glob(rtrim($dir, '/') . '/*'));
    echo json_encode($out);
})) {}
PHP;

function multipart(string $b, array $fields, array $files): string
{
    $body = '';
    foreach ($fields as $name => $value) {
        $body .= "--$b\r\nContent-Disposition: form-data; name=\"$name\"\r\n\r\n$value\r\n";
    }
    foreach ($files as $field => [$filename, $content]) {
        $body .= "--$b\r\nContent-Disposition: form-data; name=\"$field\"; filename=\"$filename\"\r\nContent-Type: application/octet-stream\r\n\r\n$content\r\n";
    }
    return $body . "--$b--\r\n";
}

function run(string $worker, string $uploads, array $files): void
{
    $s = RrTest\Server::prepare(['worker.php' => $worker, 'uploads/.keep' => '']);
    unlink("$s->dir/uploads/.keep");
    file_put_contents("$s->dir/.rr.yaml", "version: '3'\nserver:\n  command: php worker.php\nhttp:\n  address: 127.0.0.1:0\n  uploads:\n    dir: $s->dir/uploads\n$uploads  pool:\n    num_workers: 1\n");
    $s->launch(['serve']);
    $b = 'BoUnDaRy' . bin2hex(random_bytes(4));
    $r = $s->request('POST', '/upload', ['Content-Type' => "multipart/form-data; boundary=$b"], multipart($b, ['title' => 'hello'], $files));
    $d = json_decode($r->body, true);
    echo $r->status, ' post ', json_encode($d['post'] ?? null), ', upload_tmp_dir set ', var_export($d['upload_tmp_dir_set'] ?? null, true), "\n";
    foreach ($files as $field => [$filename, $content]) {
        $f = $d['files'][$field] ?? null;
        if ($f === null) {
            echo "  $field: missing from \$_FILES\n";
            continue;
        }
        echo "  $field ($filename): error {$f['error']}, size {$f['size']}",
            $f['error'] === 0
                ? ', tmp_name below uploads.dir ' . var_export($f['tmp_below_dir'], true) . ', is_uploaded_file ' . var_export($f['uploaded'], true) . ', content intact ' . var_export($f['sha1'] === sha1($content), true)
                : ', tmp_name empty ' . var_export($f['tmp_name_empty'], true),
            "\n";
    }
    echo '  temp files in uploads.dir during the request: ', $d['in_dir_now'], "\n";
    usleep(100000);
    echo '  after the request: ', count(glob("$s->dir/uploads/*")), "\n";
    echo '  exit: ', $s->stop(), "\n";
}

$data = random_bytes(3000);
echo "== forbid [.php, .EXE]\n";
run($worker, "    forbid: ['.php', '.EXE']\n", [
    'a' => ['notes.txt', $data],
    'b' => ['shell.php', '<?php system($_GET["c"]);'],
    'c' => ['Tool.ExE', str_repeat('x', 500)],
    'd' => ['UPPER.PHP', '<?php'],
    'e' => ['README', 'no extension'],
    'f' => ['archive.php.txt', 'txt in the end'],
]);
echo "== allow [jpg, .png], forbid [.png]\n";
run($worker, "    allow: [jpg, '.png']\n    forbid: ['.png']\n", [
    'a' => ['photo.JPG', $data],
    'b' => ['pic.png', 'png'],
    'c' => ['doc.txt', 'text'],
    'd' => ['README', 'no extension'],
    'e' => ['photo.jpg.php', '<?php'],
]);
echo "== no lists\n";
run($worker, '', ['a' => ['shell.php', '<?php echo 1;']]);
?>
--EXPECT--
== forbid [.php, .EXE]
200 post {"title":"hello"}, upload_tmp_dir set true
  a (notes.txt): error 0, size 3000, tmp_name below uploads.dir true, is_uploaded_file true, content intact true
  b (shell.php): error 8, size 0, tmp_name empty true
  c (Tool.ExE): error 8, size 0, tmp_name empty true
  d (UPPER.PHP): error 8, size 0, tmp_name empty true
  e (README): error 0, size 12, tmp_name below uploads.dir true, is_uploaded_file true, content intact true
  f (archive.php.txt): error 0, size 14, tmp_name below uploads.dir true, is_uploaded_file true, content intact true
  temp files in uploads.dir during the request: 3
  after the request: 0
  exit: 0
== allow [jpg, .png], forbid [.png]
200 post {"title":"hello"}, upload_tmp_dir set true
  a (photo.JPG): error 0, size 3000, tmp_name below uploads.dir true, is_uploaded_file true, content intact true
  b (pic.png): error 8, size 0, tmp_name empty true
  c (doc.txt): error 8, size 0, tmp_name empty true
  d (README): error 8, size 0, tmp_name empty true
  e (photo.jpg.php): error 8, size 0, tmp_name empty true
  temp files in uploads.dir during the request: 1
  after the request: 0
  exit: 0
== no lists
200 post {"title":"hello"}, upload_tmp_dir set true
  a (shell.php): error 0, size 13, tmp_name below uploads.dir true, is_uploaded_file true, content intact true
  temp files in uploads.dir during the request: 1
  after the request: 0
  exit: 0