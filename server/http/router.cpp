#include "router.hpp"

#include "server/http/header_list.hpp"
#include "server/http/response.hpp"

#include <spdlog/spdlog.h>

namespace rr::http {
namespace asio = boost::asio;

Router::Router(const config::HttpConfig& http, PhpHandler& php, const std::optional<Identity>& reader)
    : http_(http), php_(php), mw_(http) {
    php_.set_middleware(&mw_);
    if (http.statics.enabled) {
        StaticFiles::Options o;
        o.dir = http.statics.dir;
        o.forbid = http.statics.forbid;
        o.allow = http.statics.allow;
        o.etag = http.statics.calculate_etag ? StaticFiles::Etag::crc32 : StaticFiles::Etag::none;
        o.weak = http.statics.weak;
        o.request_headers = http.statics.request;
        o.response_headers = http.statics.response;
        o.symlinks = PathResolver::symlinks_named(http.disable_symlinks);
        o.reader = reader;
        static_ = std::make_unique<StaticFiles>(std::move(o));
    }
    if (http.pool.worker_mode == config::WorkerMode::classic) {
        StaticFiles::Options o;
        o.dir = http.classic.root;
        o.forbid = {".php"}; // never served as text
        o.etag = StaticFiles::Etag::mtime;
        o.symlinks = PathResolver::symlinks_named(http.disable_symlinks);
        o.reader = reader;
        root_ = std::make_unique<StaticFiles>(std::move(o));
        classic_rules_.index = http.classic.index;
        classic_rules_.run_any_php = http.classic.run_any_php;
    }
}

asio::awaitable<void> Router::handle(Request& req, const ConnectionInfo& info, ResponseWriter& out) {
    if (mw_.cors() != nullptr && Cors::is_preflight(req)) {
        goridge::HeaderList h;
        const int status = mw_.cors()->preflight(req, h);
        mw_.set_response_headers(h);
        out.start(status, h, 0);
        co_return;
    }
    if (root_) {
        co_await classic(req, info, out);
        co_return;
    }
    if (static_ && (req.method == "GET" || req.method == "HEAD")) {
        auto r = static_->resolve(req.target);
        switch (r.kind) {
        case StaticFiles::Kind::bad_request:
            co_await respond_text(out, 400, "bad request path\n");
            co_return;
        case StaticFiles::Kind::forbidden:
            spdlog::debug("{} {}: refused by the static middleware (traversal, dotfile or outside {})",
                          req.method, req.target, static_->dir());
            co_await respond_text(out, 403, "forbidden\n");
            co_return;
        case StaticFiles::Kind::file:
            if (static_->extension_served(r.rel)) {
                co_await static_->serve(req, r, out, mw_);
                co_return;
            }
            break; // a forbidden or not allowed extension goes to PHP, as in RoadRunner
        case StaticFiles::Kind::directory:
        case StaticFiles::Kind::none:
            break;
        }
    }
    co_await php_.handle(req, info, out);
}

asio::awaitable<void> Router::classic(Request& req, const ConnectionInfo& info, ResponseWriter& out) {
    auto route = route_classic(root_->paths(), req.target, req.method, classic_rules_);
    switch (route.kind) {
    case ClassicRoute::Kind::answer:
        co_await respond_text(out, route.status, route.body, std::move(route.headers));
        break;
    case ClassicRoute::Kind::static_file:
        co_await root_->serve(req, route.file, out, mw_);
        break;
    case ClassicRoute::Kind::script:
        co_await php_.handle(req, info, out, &route.script);
        break;
    }
}

} // namespace rr::http
