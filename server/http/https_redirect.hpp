// http.ssl.redirect: the plain listener answers every request with 308 to the same path and query on
// the https address (RoadRunner's behaviour); PHP never sees these requests.
#pragma once

#include "server/http/handler.hpp"

#include <cstdint>
#include <string>

namespace rr::http {

class HttpsRedirect : public Handler {
public:
    explicit HttpsRedirect(uint16_t https_port) : https_port_(https_port) {}

    boost::asio::awaitable<void> handle(Request& req, const ConnectionInfo& info,
                                        ResponseWriter& out) override;

    // The Location for `req`: its Host without the port, the https port unless it is 443, the target.
    std::string location(const Request& req, const ConnectionInfo& info) const;

private:
    uint16_t https_port_;
};

} // namespace rr::http
