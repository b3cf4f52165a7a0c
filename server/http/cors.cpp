#include "cors.hpp"

#include "goridge-compat/text.hpp"
#include "server/http/header_list.hpp"

#include <re2/re2.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace rr::http {
namespace {

constexpr std::size_t kMaxOrigin = 1024;

std::vector<std::string> split_list(std::string_view s, bool upper) {
    std::vector<std::string> out;
    while (!s.empty()) {
        const auto comma = s.find(',');
        const std::string_view item = text::trim(s.substr(0, comma));
        if (!item.empty()) {
            out.push_back(upper ? text::upper(item) : text::lower(item));
        }
        s = comma == std::string_view::npos ? std::string_view() : s.substr(comma + 1);
    }
    return out;
}

} // namespace

Cors::Cors(const config::HttpConfig::Cors& cfg)
    : exposed_(cfg.exposed_headers), credentials_(cfg.allow_credentials), max_age_(cfg.max_age),
      success_status_(cfg.options_success_status), debug_(cfg.debug) {
    origins_ = split_list(cfg.allowed_origin, false);
    all_origins_ = origins_.empty() || std::find(origins_.begin(), origins_.end(), "*") != origins_.end();
    if (!cfg.allowed_origin_regex.empty()) {
        origin_regex_ = std::make_shared<const re2::RE2>(cfg.allowed_origin_regex, re2::RE2::Quiet);
        all_origins_ = false; // the regex decides (as RoadRunner's AllowOriginFunc)
    }
    methods_ = split_list(cfg.allowed_methods, true);
    if (methods_.empty()) {
        methods_ = {"GET", "POST", "HEAD"};
    }
    headers_ = split_list(cfg.allowed_headers, false);
    if (headers_.empty()) {
        headers_ = {"accept", "content-type", "x-requested-with"};
    }
    all_headers_ = std::find(headers_.begin(), headers_.end(), "*") != headers_.end();
    headers_.emplace_back("origin"); // always allowed
    std::string exposed;
    for (const auto& e : split_list(cfg.exposed_headers, false)) {
        exposed += exposed.empty() ? "" : ", ";
        exposed += goridge::canonical_header_key(e);
    }
    exposed_ = exposed;
}

bool Cors::is_preflight(const Request& req) {
    return req.method == "OPTIONS" && !req.header("Access-Control-Request-Method").empty();
}

bool Cors::origin_allowed(std::string_view origin) const {
    if (origin.size() > kMaxOrigin) {
        return false; // no real origin is this long
    }
    if (origin_regex_) {
        return origin_regex_->ok() &&
               re2::RE2::PartialMatch(re2::StringPiece(origin.data(), origin.size()), *origin_regex_);
    }
    if (all_origins_) {
        return true;
    }
    const std::string o = text::lower(origin);
    for (const auto& allowed : origins_) {
        const auto star = allowed.find('*');
        if (star == std::string::npos) {
            if (allowed == o) {
                return true;
            }
            continue;
        }
        const std::string_view prefix(allowed.data(), star);
        const std::string_view suffix(allowed.data() + star + 1, allowed.size() - star - 1);
        if (o.size() >= prefix.size() + suffix.size() && o.starts_with(prefix) && o.ends_with(suffix)) {
            return true;
        }
    }
    return false;
}

bool Cors::method_allowed(std::string_view method) const {
    const std::string m = text::upper(method);
    return m == "OPTIONS" || std::find(methods_.begin(), methods_.end(), m) != methods_.end();
}

bool Cors::headers_allowed(std::string_view requested) const {
    if (all_headers_) {
        return true;
    }
    for (const auto& h : split_list(requested, false)) {
        if (std::find(headers_.begin(), headers_.end(), h) == headers_.end()) {
            return false;
        }
    }
    return true;
}

int Cors::preflight(const Request& req, goridge::HeaderList& out) const {
    append_header(out, "Vary", "Origin");
    append_header(out, "Vary", "Access-Control-Request-Method");
    append_header(out, "Vary", "Access-Control-Request-Headers");
    const std::string_view origin = req.header("Origin");
    const std::string_view method = req.header("Access-Control-Request-Method");
    const std::string_view requested = req.header("Access-Control-Request-Headers");
    if (origin.empty() || !origin_allowed(origin) || !method_allowed(method) || !headers_allowed(requested)) {
        if (debug_) {
            spdlog::info("cors: preflight refused: origin '{}' {}, method '{}' {}, headers '{}' {}", origin,
                         origin_allowed(origin) ? "allowed" : "not allowed", method,
                         method_allowed(method) ? "allowed" : "not allowed", requested,
                         headers_allowed(requested) ? "allowed" : "not allowed");
        }
        return static_cast<int>(success_status_);
    }
    set_header(out, "Access-Control-Allow-Origin", all_origins_ ? "*" : std::string(origin));
    set_header(out, "Access-Control-Allow-Methods", text::upper(method));
    if (const auto list = split_list(requested, false); !list.empty()) {
        std::string joined;
        for (const auto& h : list) {
            joined += joined.empty() ? "" : ", ";
            joined += goridge::canonical_header_key(h);
        }
        set_header(out, "Access-Control-Allow-Headers", joined);
    }
    if (credentials_) {
        set_header(out, "Access-Control-Allow-Credentials", "true");
    }
    if (max_age_ > 0) {
        set_header(out, "Access-Control-Max-Age", std::to_string(max_age_));
    }
    return static_cast<int>(success_status_);
}

void Cors::actual(const Request& req, goridge::HeaderList& out) const {
    append_header(out, "Vary", "Origin");
    const std::string_view origin = req.header("Origin");
    if (origin.empty() || !origin_allowed(origin) || !method_allowed(req.method)) {
        if (debug_ && !origin.empty()) {
            spdlog::info("cors: {} {} from origin '{}': no CORS headers (origin or method not allowed)",
                         req.method, req.target, origin);
        }
        return;
    }
    set_header(out, "Access-Control-Allow-Origin", all_origins_ ? "*" : std::string(origin));
    if (!exposed_.empty()) {
        set_header(out, "Access-Control-Expose-Headers", exposed_);
    }
    if (credentials_) {
        set_header(out, "Access-Control-Allow-Credentials", "true");
    }
}

} // namespace rr::http
