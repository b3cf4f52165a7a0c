<?php
// What php-fpm runs: the framework boots for each request.
require __DIR__ . '/bootstrap.php';
Bench\App::boot()->handle();
