--TEST--
Worker mode: multipart $_POST and $_FILES; move_uploaded_file() works; unmoved temp files are deleted
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    $out = ['post' => $_POST, 'files' => []];
    foreach ($_FILES as $field => $f) {
        $out['files'][$field] = [
            'name' => $f['name'], 'type' => $f['type'], 'size' => $f['size'], 'error' => $f['error'],
            'is_uploaded' => is_uploaded_file($f['tmp_name']),
            'sha1' => sha1_file($f['tmp_name']),
        ];
        $out['tmp'][$field] = $f['tmp_name'];
    }
    $dest = __DIR__ . '/moved.bin';
    $out['moved'] = isset($_FILES['doc']) && move_uploaded_file($_FILES['doc']['tmp_name'], $dest);
    $out['moved_sha1'] = is_file($dest) ? sha1_file($dest) : null;
    $out['move_fake'] = @move_uploaded_file(__FILE__, __DIR__ . '/nope');
    echo json_encode($out);
})) {}
PHP);
$b = 'XyZboundary123';
$doc = random_bytes(5000);
$img = str_repeat("\x89PNG", 300);
$body = "--$b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nMy upload\r\n"
      . "--$b\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"report.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n$doc\r\n"
      . "--$b\r\nContent-Disposition: form-data; name=\"pic\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n$img\r\n"
      . "--$b--\r\n";
$r = $s->request('POST', '/upload', ['Content-Type' => "multipart/form-data; boundary=$b"], $body);
$d = json_decode($r->body, true);
var_dump($r->status, $d['post']);
var_dump($d['files']['doc']['name'], $d['files']['doc']['size'], $d['files']['doc']['error'], $d['files']['doc']['is_uploaded']);
var_dump($d['files']['doc']['sha1'] === sha1($doc), $d['moved'], $d['moved_sha1'] === sha1($doc), $d['move_fake']);
var_dump($d['files']['pic']['type'], $d['files']['pic']['size'], $d['files']['pic']['sha1'] === sha1($img));
// The upload that was not moved is gone after the request; the moved one stays where it was moved.
usleep(100000);
var_dump(file_exists($d['tmp']['pic']), file_exists($d['tmp']['doc']), file_exists($s->dir . '/moved.bin'));
$s->stop();
?>
--EXPECT--
int(200)
array(1) {
  ["title"]=>
  string(9) "My upload"
}
string(10) "report.bin"
int(5000)
int(0)
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
string(9) "image/png"
int(1200)
bool(true)
bool(false)
bool(false)
bool(true)
