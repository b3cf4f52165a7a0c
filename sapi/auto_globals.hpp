// $_SERVER and $_REQUEST for each request of a long-lived worker, made only when code uses them.
//
// PHP (auto_globals_jit, on by default) makes $_SERVER and $_REQUEST when a script that names them
// is compiled, so php-fpm never builds them for a page that does not read them. A worker compiles
// its handler once: a handler that reads $_SERVER must be given a fresh one at every request,
// since no compilation will ask for it again. So the worker notes, for each of the two, whether
// any code compiled so far (or loaded from opcache) named it, and makes exactly those at the start
// of a request. A script that reaches them only through a variable variable does not see them
// under php-fpm either (PHP's documented limit of auto_globals_jit).
#pragma once

namespace rr::sapi {

// Once per worker, before any script is compiled.
void watch_auto_global_use();

// At the start of each request, after php_hash_environment(): makes the request's $_SERVER and
// $_REQUEST if code has named them (when auto_globals_jit is off, PHP has made them already).
void make_used_auto_globals();

} // namespace rr::sapi
