// Serves a request with a PHP worker: builds RR's request context, runs the job on the pool and
// turns the reply frames into the HTTP response (Content-Length, or chunked while streaming).
#pragma once

#include "goridge-compat/http_context.hpp"
#include "server/http/connection.hpp"
#include "server/pool/pool.hpp"

namespace rr::http {

class PhpHandler : public Handler {
public:
    explicit PhpHandler(pool::Pool& pool) : pool_(pool) {}

    boost::asio::awaitable<void> handle(Request& req, const ConnectionInfo& info, ResponseStream& out,
                                        bool keep_alive) override;

private:
    pool::Pool& pool_;
};

// RR's request context for `req` (exposed for tests).
goridge::HttpRequestContext build_context(const Request& req, const ConnectionInfo& info);

} // namespace rr::http
