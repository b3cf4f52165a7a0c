<?php

/**
 * rr-php's PHP API. gen_stub.php turns this file into rr_arginfo.h; it also serves as the
 * IDE / static-analysis stub for code that runs under rr-php.
 *
 * @generate-function-entries
 * @generate-class-entries
 */

namespace RR {

/** An RPC call the server refused or could not answer; the message is the server's (or why the call failed). */
class RpcException extends \RuntimeException {}

/** RPC with a binary payload, for the services whose stock clients send protobuf. */
final class Rpc
{
    /**
     * Calls $method with $payload sent as is under $codec ("proto", "json" or "raw") and returns
     * the reply's bytes. Same channels as rr_rpc(). Errors throw RR\RpcException.
     */
    public static function call(string $method, string $payload, string $codec = "proto"): string {}
}

}

namespace {

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
 * What this worker is: ["pid" => int, "mode" => "worker" | "classic" | "none" (not a worker of
 * rr-php serve), "requests" => int (served so far),
 * "memory" => int (bytes allocated by PHP)].
 */
function rr_worker_info(): array {}

/**
 * Sends the headers set so far now. A 1xx status sends an informational response (103 Early
 * Hints with the Link headers set so far) and the request goes on; 200 and up sends the final
 * status and headers at once (the body follows as it is flushed). Returns the status sent, or 0
 * when nothing could be sent (outside a request, or the headers already went out).
 * FrankenPHP-compatible.
 */
function headers_send(int $status = 200): int {}

/**
 * Sends the whole response now (like fastcgi_finish_request()); the script keeps running
 * without a client, and what it prints afterwards is dropped. The worker takes no other request
 * until the handler returns. Returns false outside a request or when the response was finished
 * already.
 */
function rr_finish_request(): bool {}

/**
 * php-fpm's name for rr_finish_request(), so code that calls it when it exists (Symfony's and
 * Laravel's Response::send(), ...) finishes the response early here too. Registered only where
 * the SAPI has no fastcgi_finish_request() of its own (php-fpm has).
 *
 * @alias rr_finish_request
 */
function fastcgi_finish_request(): bool {}

/**
 * The request's headers, name => value (repeated headers joined with ", "), as php-fpm's and
 * Apache's getallheaders() give them; [] outside a request. Registered only where the SAPI that
 * loaded the extension has no getallheaders() of its own (php-fpm, Apache and the built-in web
 * server have one).
 */
function getallheaders(): array {}

/**
 * Apache's name for getallheaders().
 *
 * @alias getallheaders
 */
function apache_request_headers(): array {}

/**
 * Calls the server's RPC method $method (e.g. "informer.Workers") with $params sent as JSON, as
 * RoadRunner's goridge RPC client sends them, and returns the result decoded to arrays. In an
 * embedded worker it travels over the worker's own channel to the master (no rpc section needed);
 * elsewhere over the connection rr_rpc_connect() made, or to the address in the RR_RPC environment
 * variable (set for exec'd workers when the config has an rpc section). The server's errors, and a
 * call that cannot be made, throw RR\RpcException.
 */
function rr_rpc(string $method, mixed $params = null): mixed {}

/**
 * Connects this process's rr_rpc() calls to the server's rpc.listen address (tcp://host:port or
 * unix:///path), e.g. from a php-cli script or a cron job. Throws RR\RpcException when the server
 * cannot be reached.
 */
function rr_rpc_connect(string $address): void {}

/**
 * Runs the whole server inside this php-cli process, as `rr-php serve` would, until SIGINT or
 * SIGTERM, and returns the exit status the binary would. $target is a worker script, a .rr.yaml or
 * a document root for classic mode; $overrides are config keys as the CLI's -o takes them
 * (["http.address" => "127.0.0.1:8080", "http.pool.num_workers" => 4]). Workers are forked from
 * this process with its php.ini; this process never runs a request. Throws Error inside a worker,
 * under a SAPI other than php-cli, and when called a second time.
 */
function rr_serve(string $target = ".rr.yaml", array $overrides = []): int {}

}
