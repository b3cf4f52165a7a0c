#include "router.hpp"

#include "server/http/header_list.hpp"
#include "server/http/response.hpp"

#include <spdlog/spdlog.h>

#include <cctype>

namespace rr::http {
namespace asio = boost::asio;

namespace {

std::string percent_encode_path(std::string_view path) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : path) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 15]);
        }
    }
    return out;
}

std::string strip_crlf_copy(std::string_view s) {
    std::string out;
    for (const char c : s) {
        if (c != '\r' && c != '\n') {
            out.push_back(c);
        }
    }
    return out;
}

bool ends_with_php(std::string_view p) {
    return p.size() > 4 && p.substr(p.size() - 4) == ".php"; // case-sensitive, as nginx's location
}

StaticFiles::Symlinks symlink_mode(const std::string& name) {
    if (name == "on") {
        return StaticFiles::Symlinks::on;
    }
    if (name == "if_not_owner") {
        return StaticFiles::Symlinks::if_not_owner;
    }
    return name == "outside_root" ? StaticFiles::Symlinks::outside_root : StaticFiles::Symlinks::off;
}

} // namespace

Router::Router(const config::HttpConfig& http, PhpHandler& php) : http_(http), php_(php), mw_(http) {
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
        o.symlinks = symlink_mode(http.disable_symlinks);
        static_ = std::make_unique<StaticFiles>(std::move(o));
    }
    if (http.pool.worker_mode == config::WorkerMode::classic) {
        StaticFiles::Options o;
        o.dir = http.classic.root;
        o.forbid = {".php"}; // never served as text
        o.etag = StaticFiles::Etag::mtime;
        o.symlinks = symlink_mode(http.disable_symlinks);
        root_ = std::make_unique<StaticFiles>(std::move(o));
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
    // Routing needs to know what is there, not to open it: a script is opened by the worker, a
    // static file by serve().
    constexpr auto no = StaticFiles::Open::no;
    auto r = root_->resolve(req.target, no);
    if (r.kind == StaticFiles::Kind::bad_request) {
        co_await respond_text(out, 400, "bad request path\n");
        co_return;
    }
    if (r.kind == StaticFiles::Kind::forbidden) {
        co_await respond_text(out, 403, "forbidden\n");
        co_return;
    }
    ScriptTarget script;
    script.document_root = root_->dir();
    const auto& cl = http_.classic;
    const std::string index = "/" + cl.index;
    auto may_run = [&](const std::string& rel) { return cl.run_any_php || rel == index; };

    if (r.kind == StaticFiles::Kind::directory) {
        if (!r.trailing_slash && r.rel != "/") {
            // nginx's answer for a directory without its slash. The Location is built from the
            // normalised path (never from the raw target: "//host" would point elsewhere).
            std::string location = percent_encode_path(r.rel) + "/";
            if (const auto q = req.target.find('?'); q != std::string::npos) {
                location += strip_crlf_copy(req.target.substr(q));
            }
            co_await respond_text(out, 301, "", one_header("Location", location));
            co_return;
        }
        const std::string base = r.rel == "/" ? "" : r.rel;
        auto idx = root_->resolve_path(base + "/index.php", no);
        if (idx.kind == StaticFiles::Kind::file && may_run(idx.rel)) {
            script.script_name = idx.rel;
        } else if (auto html = root_->resolve_path(base + "/index.html", no);
                   html.kind == StaticFiles::Kind::file) {
            r = std::move(html);
        } else if (r.rel != "/") {
            // A directory without an index: nginx refuses to list it.
            co_await respond_text(out, 403, "forbidden\n");
            co_return;
        }
    } else if (r.kind == StaticFiles::Kind::file && ends_with_php(r.rel)) {
        if (!may_run(r.rel)) {
            co_await respond_text(out, 403, "forbidden\n");
            co_return;
        }
        script.script_name = r.rel;
    } else if (r.kind == StaticFiles::Kind::none) {
        // "/script.php/extra/path": the first ".php" segment is the script, the rest PATH_INFO.
        const std::string full = r.rel + (r.trailing_slash ? "/" : "");
        const auto php = full.find(".php/");
        if (php != std::string::npos) {
            const std::string name = full.substr(0, php + 4);
            auto s = root_->resolve_path(name, no);
            if (s.kind != StaticFiles::Kind::file || !may_run(s.rel)) {
                co_await respond_text(out, 404, "not found\n");
                co_return;
            }
            script.script_name = name;
            script.path_info = full.substr(php + 4);
        } else if (ends_with_php(r.rel)) {
            co_await respond_text(out, 404, "not found\n"); // a missing script is not routed
            co_return;
        }
    }
    if (script.script_name.empty() && r.kind == StaticFiles::Kind::file && !root_->extension_served(r.rel)) {
        // ".PHP", ".Php", ...: PHP source is never sent as text, whatever the case of its name.
        co_await respond_text(out, 403, "forbidden\n");
        co_return;
    }
    if (script.script_name.empty() && r.kind == StaticFiles::Kind::file) {
        if (req.method != "GET" && req.method != "HEAD") {
            co_await respond_text(out, 405, "method not allowed\n", one_header("Allow", "GET, HEAD"));
            co_return;
        }
        co_await root_->serve(req, r, out, mw_);
        co_return;
    }
    if (script.script_name.empty()) {
        // Nothing matched: the front controller (try_files ... /index.php?$query_string).
        auto front = cl.index.empty() ? StaticFiles::Resolved{} : root_->resolve_path(index, no);
        if (front.kind != StaticFiles::Kind::file) {
            co_await respond_text(out, 404, "not found\n");
            co_return;
        }
        script.script_name = index;
    }
    script.filename = root_->dir() + script.script_name;
    co_await php_.handle(req, info, out, &script);
}

} // namespace rr::http
