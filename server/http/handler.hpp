// What serves a request: a handler gets the request, what is known of the client's connection, and
// a protocol-independent ResponseWriter to answer with.
#pragma once

#include "goridge-compat/http_request.hpp"
#include "server/http/response_writer.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rr::http {

class Handler {
public:
    virtual ~Handler() = default;
    // Answers with exactly one final response on `out` (plus any interim ones).
    virtual boost::asio::awaitable<void> handle(Request& req, const ConnectionInfo& info,
                                                ResponseWriter& out) = 0;
};

} // namespace rr::http
