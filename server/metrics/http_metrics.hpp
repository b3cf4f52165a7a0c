// RoadRunner's `http_metrics` middleware: what the HTTP listeners served, under RR's names so
// existing dashboards work — rr_http_request_total{status}, rr_http_request_duration_seconds{status}
// (RR's buckets), rr_http_requests_queue (requests in flight, as RR counts it),
// rr_http_no_free_workers_total and rr_http_uptime_seconds — plus rr-php's
// rr_http_requests_by_method_total{method}. Wraps the handler the listeners serve with.
#pragma once

#include "server/http/handler.hpp"
#include "server/metrics/registry.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace rr::metrics {

class HttpMetrics final : public http::Handler {
public:
    // `no_free_workers`: how many requests found no free worker so far (the PHP handler counts them).
    HttpMetrics(Registry& registry, http::Handler& next, std::function<uint64_t()> no_free_workers);
    boost::asio::awaitable<void> handle(http::Request& req, const http::ConnectionInfo& info,
                                        http::ResponseWriter& out) override;

private:
    void started();
    void aborted();
    void finished(const http::Request& req, int status, std::chrono::steady_clock::time_point start);

    Registry& registry_;
    http::Handler& next_;
    const std::vector<std::string> no_labels_;
};

} // namespace rr::metrics
