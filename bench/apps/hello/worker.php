<?php
// What rr-php runs: the same page, from a worker that boots once.
while (rr_handle_request(static function (): void {
    echo "Hello, World!";
})) {
}
