--TEST--
Worker mode: $_GET, urlencoded $_POST, $_COOKIE and $_REQUEST are filled by PHP's own parsers
--EXTENSIONS--
posix
--FILE--
<?php
require __DIR__ . '/../tester.inc';
$s = RrTest\Server::start(<<<'PHP'
<?php
while (rr_handle_request(function () {
    echo json_encode(['get' => $_GET, 'post' => $_POST, 'cookie' => $_COOKIE, 'request' => $_REQUEST]);
})) {}
PHP);
$r = $s->request('POST', '/?q=search+term&arr[]=1&arr[]=2&same=get', [
    'Content-Type' => 'application/x-www-form-urlencoded',
    'Cookie' => 'session=abc%20def; theme=dark',
], 'name=Jane+Doe&tags[x]=1&tags[y]=2&same=post&empty=');
echo json_encode(json_decode($r->body), JSON_PRETTY_PRINT), "\n";
$s->stop();
?>
--EXPECT--
{
    "get": {
        "q": "search term",
        "arr": [
            "1",
            "2"
        ],
        "same": "get"
    },
    "post": {
        "name": "Jane Doe",
        "tags": {
            "x": "1",
            "y": "2"
        },
        "same": "post",
        "empty": ""
    },
    "cookie": {
        "session": "abc def",
        "theme": "dark"
    },
    "request": {
        "q": "search term",
        "arr": [
            "1",
            "2"
        ],
        "same": "post",
        "name": "Jane Doe",
        "tags": {
            "x": "1",
            "y": "2"
        },
        "empty": ""
    }
}
