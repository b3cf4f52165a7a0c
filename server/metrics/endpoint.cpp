#include "server/metrics/endpoint.hpp"

namespace asio = boost::asio;

namespace rr::metrics {

asio::awaitable<void> Endpoint::handle(http::Request& req, const http::ConnectionInfo&,
                                       http::ResponseWriter& out) {
    const std::string_view target = req.target;
    const std::string_view path = target.substr(0, target.find('?'));
    if (req.method != "GET" && req.method != "HEAD") {
        co_await http::respond_text(out, 405, "method not allowed\n", http::one_header("Allow", "GET, HEAD"));
        co_return;
    }
    if (path != "/metrics") {
        co_await http::respond_text(out, 404, "not found: the metrics are at /metrics\n");
        co_return;
    }
    const Format format = negotiate(std::string(req.header("Accept")));
    const std::string body = registry_.expose(format);
    goridge::HeaderList headers = http::one_header("Content-Type", content_type(format));
    out.start(200, headers, body.size(), false);
    co_await out.body(body, {}, true);
    co_await out.finish({});
}

} // namespace rr::metrics
