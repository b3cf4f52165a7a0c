<?php
// Front controller: nginx sends here every URL that is not a file or directory under public/
// (try_files $uri $uri/ /index.php?$query_string). Legacy style on purpose: the includes are
// relative to the working directory, which php-fpm sets to this script's directory.
require '../src/dump.php';
require '../src/views/layout.php';
$routes = require '../src/routes.php';

dump_if_asked();

$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$path = is_string($path) ? $path : '/';
if ($path === '/index.php' || str_starts_with($path, '/index.php/')) {
    $path = substr($path, strlen('/index.php')) ?: '/'; // /index.php and /index.php/form work too
}
$handler = $routes[$_SERVER['REQUEST_METHOD'] . ' ' . $path] ?? null;
$allowed = array_values(array_filter(['GET', 'POST'], fn ($m) => isset($routes["$m $path"])));
if ($handler !== null) {
    $handler();
} elseif ($allowed) {
    http_response_code(405);
    header('Allow: ' . implode(', ', $allowed));
    layout('Method not allowed', '<p class="error">Method not allowed</p>');
} else {
    not_found($path);
}
