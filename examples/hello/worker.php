<?php
// The bundled example: a worker-mode script. It boots once, then serves every request
// in a loop; rr_handle_request() returns false when the server stops the worker.
$booted = date(DATE_ATOM);
$served = 0;

$handler = static function () use ($booted, &$served): void {
    $served++;
    header('Content-Type: text/plain; charset=utf-8');
    $name = $_GET['name'] ?? 'World';
    echo "Hello, ", htmlspecialchars($name), "!\n";
    echo "worker pid ", getmypid(), ", booted at $booted, request #$served\n";
};

while (rr_handle_request($handler)) {
    gc_collect_cycles();
}
