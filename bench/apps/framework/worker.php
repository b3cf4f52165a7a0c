<?php
// What rr-php runs: the framework boots once per worker, then answers request after request.
require __DIR__ . '/bootstrap.php';
$app = Bench\App::boot();
while (rr_handle_request(static function () use ($app): void {
    $app->handle();
})) {
}
