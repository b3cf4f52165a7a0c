// What one request may change in a worker's PHP state that php-fpm throws away with the request,
// and that worker mode must put back before the next request (of maybe another user) begins:
// - ini settings changed during the request (ini_set(), error_reporting(), session_name(),
//   session_set_cookie_params(), session_set_save_handler(), session_cache_limiter()...);
// - error and exception handlers set during the request;
// - the default timezone set with date_default_timezone_set();
// - $_SESSION and $http_response_header in the global scope (php-fpm starts every request
//   without them; the session module's own reset leaves $_SESSION in the symbol table).
// What the worker script set up before its first request (its bootstrap) is the state every
// request starts from. Costs nothing when a request changes none of these.
#pragma once

#include "sapi/php_headers.hpp"

#include <string>
#include <utility>
#include <vector>

namespace rr::sapi {

class RequestScope {
public:
    RequestScope() = default;
    RequestScope(const RequestScope&) = delete;
    RequestScope& operator=(const RequestScope&) = delete;
    ~RequestScope();

    // Once per worker, before its first request: lets date_default_timezone_set() report itself.
    static void install_hooks();

    // Remembers the state a request starts from. Call when the request begins.
    void enter();
    // Puts that state back. Call after the request's response and its session have been written,
    // with the SAPI active again (so ini handlers do not see "headers already sent").
    void leave();

private:
    void forget();
    void restore_ini();

    struct Handler {
        zval value;
        uint32_t depth = 0; // entries on PHP's stack of earlier handlers
    };
    std::vector<std::pair<zend_string*, zend_string*>> ini_; // modified before the request: name, value
    Handler error_handler_{};
    int error_handler_reporting_ = 0;
    Handler exception_handler_{};
    bool entered_ = false;
};

// Fatal errors (E_ERROR and the like, which bail out) counted since the worker started. After one,
// PHP has marked every object as destructed: the worker's state cannot serve another request.
uint64_t fatal_errors();
// Starts counting (once per worker).
void watch_fatal_errors();

} // namespace rr::sapi
