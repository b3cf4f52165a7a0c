// CORS (http.headers.cors): answers preflight requests without PHP and adds the CORS headers to
// actual responses, with RoadRunner's keys and rs/cors-like matching.
#pragma once

#include "goridge-compat/http_context.hpp"
#include "goridge-compat/http_request.hpp"
#include "server/config/config.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace re2 {
class RE2;
}

namespace rr::http {

class Cors {
public:
    explicit Cors(const config::HttpConfig::Cors& cfg);

    // A preflight is OPTIONS with Origin and Access-Control-Request-Method.
    static bool is_preflight(const Request& req);
    // The preflight answer: status and headers (CORS headers only when the origin, method and
    // headers are allowed).
    int preflight(const Request& req, goridge::HeaderList& out) const;
    // Headers for an actual (non-preflight) response to `req`.
    void actual(const Request& req, goridge::HeaderList& out) const;

    bool origin_allowed(std::string_view origin) const;

private:
    bool method_allowed(std::string_view method) const;
    bool headers_allowed(std::string_view requested) const;

    std::vector<std::string> origins_; // lower-case; may hold one '*' wildcard each ("https://*.a.com")
    bool all_origins_ = false;
    std::shared_ptr<const re2::RE2> origin_regex_; // RE2: linear time, RoadRunner's (Go) syntax
    std::vector<std::string> methods_;             // upper-case
    std::vector<std::string> headers_;             // lower-case
    bool all_headers_ = false;
    std::string exposed_;
    bool credentials_;
    unsigned max_age_;
    unsigned success_status_;
    bool debug_;
};

} // namespace rr::http
