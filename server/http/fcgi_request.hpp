// A FastCGI request's params as the request rr-php serves: method and URI (REQUEST_URI, else
// SCRIPT_NAME + PATH_INFO + QUERY_STRING), headers from HTTP_* (never HTTP_PROXY) and CONTENT_*,
// the client's and the server's addresses, HTTPS; every other param is a $_SERVER variable.
#pragma once

#include "server/http/handler.hpp"

#include <string>
#include <string_view>

namespace rr::http {

// False with `error` when the params are malformed or name no request target.
bool fcgi_to_request(std::string_view params, std::string body, Request& req, ConnectionInfo& info,
                     std::string& error);

} // namespace rr::http
