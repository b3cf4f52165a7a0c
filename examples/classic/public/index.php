<?php
// A classic (php-fpm style) front controller: rr-php serve --root examples/classic/public
// Every request is a fresh PHP request; files that exist (style.css) are served without PHP.
session_start();
$_SESSION['visits'] = ($_SESSION['visits'] ?? 0) + 1;
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path !== '/') {
    http_response_code(404);
}
?>
<!DOCTYPE html>
<html>
<head><title>rr-php classic mode</title><link rel="stylesheet" href="/style.css"></head>
<body>
<h1><?= $path === '/' ? 'Hello from classic mode' : 'Not found: ' . htmlspecialchars($path) ?></h1>
<p>Script <?= htmlspecialchars($_SERVER['SCRIPT_NAME']) ?>, worker pid <?= getmypid() ?>,
visit <?= $_SESSION['visits'] ?> in this session.</p>
</body>
</html>
