<?php
// Prints what PHP saw for this request as JSON. info.php always does; the other entry points
// do when the request carries an "X-Dump-Server" header (so tests can see $_SERVER for the
// front controller and the scripts under sub/ without extra routes).

function dump_request(): void
{
    header('Content-Type: application/json');
    echo json_encode([
        'server' => $_SERVER,
        'get' => $_GET,
        'post' => $_POST,
        'cwd' => getcwd(), // php-fpm runs each script in the script's own directory
    ], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
}

function dump_if_asked(): void
{
    if (isset($_SERVER['HTTP_X_DUMP_SERVER'])) {
        dump_request();
        exit;
    }
}
