#include "server/metrics/http_metrics.hpp"

#include <memory>

namespace asio = boost::asio;

namespace rr::metrics {

namespace {

constexpr const char* kTotal = "rr_http_request_total";
constexpr const char* kDuration = "rr_http_request_duration_seconds";
constexpr const char* kQueue = "rr_http_requests_queue";
constexpr const char* kNoWorkers = "rr_http_no_free_workers_total";
constexpr const char* kUptime = "rr_http_uptime_seconds";
constexpr const char* kMethods = "rr_http_requests_by_method_total";

// Passes everything to the connection's writer and remembers the final status.
class StatusWriter final : public http::ResponseWriter {
public:
    explicit StatusWriter(http::ResponseWriter& out) : out_(out) {}
    int status() const { return status_; }

    // Plain functions handing back the writer's own awaitables: no coroutine frame per call.
    asio::awaitable<bool> interim(int status, const goridge::HeaderList& headers) override {
        return out_.interim(status, headers);
    }
    bool start(int status, const goridge::HeaderList& headers, std::optional<uint64_t> length,
               bool trailers) override {
        status_ = status;
        return out_.start(status, headers, length, trailers);
    }
    asio::awaitable<bool> body(std::string_view a, std::string_view b, bool last) override {
        return out_.body(a, b, last);
    }
    asio::awaitable<bool> file(int fd, uint64_t offset, uint64_t count, bool last) override {
        return out_.file(fd, offset, count, last);
    }
    asio::awaitable<bool> finish(const goridge::HeaderList& trailers) override {
        return out_.finish(trailers);
    }
    bool trailers_supported() const override { return out_.trailers_supported(); }
    void abort() override { out_.abort(); }
    void buffer(const http::SpoolLimits& limits) override { out_.buffer(limits); }
    void release() override { out_.release(); }
    bool started() const override { return out_.started(); }

private:
    http::ResponseWriter& out_;
    int status_ = 0;
};

// The method as a label; any method outside the registered common ones counts as OTHER, so a client
// cannot grow the series without bound.
std::string method_label(const std::string& m) {
    for (const char* known :
         {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"}) {
        if (m == known) {
            return m;
        }
    }
    return "OTHER";
}

} // namespace

HttpMetrics::HttpMetrics(Registry& registry, http::Handler& next, std::function<uint64_t()> no_free_workers)
    : registry_(registry), next_(next) {
    registry.declare(Desc{kTotal,
                          "Total number of handled http requests after server restart.",
                          Type::counter,
                          {"status"},
                          {},
                          {}});
    registry.declare(Desc{kDuration,
                          "HTTP request duration.",
                          Type::histogram,
                          {"status"},
                          {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60},
                          {}});
    registry.declare(Desc{kQueue, "Total number of requests in flight.", Type::gauge, {}, {}, {}});
    registry.declare(
        Desc{kNoWorkers, "Total number of requests that found no free worker.", Type::counter, {}, {}, {}});
    registry.declare(Desc{kUptime, "Uptime in seconds.", Type::counter, {}, {}, {}});
    registry.declare(Desc{
        kMethods, "Total number of handled http requests by method.", Type::counter, {"method"}, {}, {}});
    struct Seen {
        uint64_t no_workers = 0;
        double uptime = 0;
    };
    auto seen = std::make_shared<Seen>();
    const auto started = std::chrono::steady_clock::now();
    registry.on_scrape([seen, started, no_free_workers = std::move(no_free_workers)](Registry& r) {
        const uint64_t n = no_free_workers();
        if (n > seen->no_workers) {
            r.add(kNoWorkers, static_cast<double>(n - seen->no_workers));
            seen->no_workers = n;
        }
        // Whole seconds, as RR's counter ticks once a second.
        const double up = static_cast<double>(
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started)
                .count());
        if (up > seen->uptime) {
            r.add(kUptime, up - seen->uptime);
            seen->uptime = up;
        }
    });
}

void HttpMetrics::started() {
    registry_.add(kQueue, 1, no_labels_);
}

void HttpMetrics::aborted() {
    registry_.sub(kQueue, 1, no_labels_);
}

void HttpMetrics::finished(const http::Request& req, int status,
                           std::chrono::steady_clock::time_point start) {
    registry_.sub(kQueue, 1, no_labels_);
    // A handler that never started a response left the connection to answer 500.
    const std::vector<std::string> by_status{std::to_string(status != 0 ? status : 500)};
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    registry_.add(kTotal, 1, by_status);
    registry_.observe(kDuration, seconds, by_status);
    const std::vector<std::string> by_method{method_label(req.method)};
    registry_.add(kMethods, 1, by_method);
}

asio::awaitable<void> HttpMetrics::handle(http::Request& req, const http::ConnectionInfo& info,
                                          http::ResponseWriter& out) {
    const auto start = std::chrono::steady_clock::now();
    started();
    StatusWriter writer(out);
    try {
        co_await next_.handle(req, info, writer);
    } catch (...) {
        aborted();
        throw;
    }
    finished(req, writer.status(), start);
}

} // namespace rr::metrics
