// What serves a request: a handler gets the request, what is known of the client's connection, and
// a protocol-independent ResponseWriter to answer with.
#pragma once

#include "server/http/request.hpp"
#include "server/http/response_writer.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rr::http {

struct ConnectionInfo {
    std::string remote_ip;
    uint16_t remote_port = 0;
    std::string local_ip;
    uint16_t local_port = 0;
    bool tls = false;
    // $_SERVER variables the front supplies: what a TLS handshake settled (tls.hpp
    // describe_handshake), or a FastCGI client's params. Exec'd workers get them as attributes.
    std::vector<std::pair<std::string, std::string>> server_vars;
};

class Handler {
public:
    virtual ~Handler() = default;
    // Answers with exactly one final response on `out` (plus any interim ones).
    virtual boost::asio::awaitable<void> handle(Request& req, const ConnectionInfo& info,
                                                ResponseWriter& out) = 0;
};

} // namespace rr::http
