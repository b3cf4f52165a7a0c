// RoadRunner's metrics endpoint: GET /metrics on metrics.address answers the registry in the
// Prometheus text format 0.0.4, or in OpenMetrics 1.0.0 when the scraper's Accept header asks for
// it (as Prometheus itself does). Other paths are 404, other methods 405.
#pragma once

#include "server/http/handler.hpp"
#include "server/metrics/registry.hpp"

namespace rr::metrics {

class Endpoint final : public http::Handler {
public:
    explicit Endpoint(Registry& registry) : registry_(registry) {}
    boost::asio::awaitable<void> handle(http::Request& req, const http::ConnectionInfo& info,
                                        http::ResponseWriter& out) override;

private:
    Registry& registry_;
};

} // namespace rr::metrics
