<?php
function h(string $s): string
{
    return htmlspecialchars($s, ENT_QUOTES, 'UTF-8');
}

/** Renders a whole page; $content is already-escaped HTML. */
function layout(string $title, string $content): void
{
    ?>
<!DOCTYPE html>
<html>
<head><title><?= h($title) ?></title><link rel="stylesheet" href="/style.css"></head>
<body>
<img src="/img/logo.svg" alt="">
<h1><?= h($title) ?></h1>
<?= $content ?>
</body>
</html>
<?php
}
