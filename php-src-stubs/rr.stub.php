<?php

/**
 * rr-php's PHP API. gen_stub.php turns this file into rr_arginfo.h; it also serves as the
 * IDE / static-analysis stub for code that runs under rr-php.
 *
 * @generate-function-entries
 */

/**
 * Waits for the next HTTP request, fills the superglobals ($_SERVER, $_GET, $_POST, $_COOKIE,
 * $_FILES, $_REQUEST, php://input), calls $handler, and sends what it printed together with the
 * status and headers it set. Returns false when the server asks the worker to stop.
 */
function rr_handle_request(callable $handler): bool {}

/**
 * FrankenPHP's name for rr_handle_request(), so FrankenPHP worker scripts run unchanged.
 *
 * @alias rr_handle_request
 */
function frankenphp_handle_request(callable $handler): bool {}

/**
 * What this worker is: ["pid" => int, "mode" => "worker", "requests" => int (served so far),
 * "memory" => int (bytes allocated by PHP)].
 */
function rr_worker_info(): array {}
