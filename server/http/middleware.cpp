#include "middleware.hpp"

#include "goridge-compat/text.hpp"
#include "server/http/header_list.hpp"

#include <algorithm>
#include <strings.h>

namespace rr::http {

Middleware::Middleware(const config::HttpConfig& http)
    : http_(http), headers_(std::find(http.middleware.begin(), http.middleware.end(), "headers") !=
                            http.middleware.end()) {
    if (http.cors.enabled) {
        cors_ = std::make_unique<Cors>(http.cors);
    }
    if (http.gzip.enabled) {
        for (const auto& name : http.gzip.encodings) {
            encodings_.push_back(parse_encoding(name));
        }
    }
}

void Middleware::set_response_headers(goridge::HeaderList& h) const {
    if (headers_) {
        for (const auto& [name, value] : http_.response_headers) {
            set_header(h, name, value);
        }
    }
}

void Middleware::decorate(const Request& req, goridge::HeaderList& h) const {
    set_response_headers(h);
    if (cors_) {
        cors_->actual(req, h);
    }
}

Encoding Middleware::encoding_for(const Request& req, goridge::HeaderList& h,
                                  std::optional<uint64_t> size) const {
    if (encodings_.empty() || !header_value(h, "Content-Encoding").empty() ||
        !header_value(h, "Content-Range").empty() || !compressible_type(header_value(h, "Content-Type"))) {
        return Encoding::identity;
    }
    if (const auto cc = header_value(h, "Cache-Control"); !cc.empty()) {
        if (text::lower(cc).find("no-transform") != std::string::npos) {
            return Encoding::identity;
        }
    }
    append_header(h, "Vary", "Accept-Encoding");
    if (size && *size < http_.gzip.min_size) {
        return Encoding::identity;
    }
    return negotiate(req.header("Accept-Encoding"), encodings_);
}

namespace {
constexpr std::size_t kCompressedCacheBytes = 64u << 20;
}

std::shared_ptr<const std::string> Middleware::cached_compressed(const std::string& key) const {
    const auto it = compressed_.find(key);
    return it == compressed_.end() ? nullptr : it->second;
}

std::shared_ptr<const std::string> Middleware::cache_compressed(const std::string& key,
                                                                std::string data) const {
    auto entry = std::make_shared<const std::string>(std::move(data));
    if (compressed_bytes_ + entry->size() > kCompressedCacheBytes) {
        compressed_.clear(); // simple and bounded: files change rarely, the cache refills
        compressed_bytes_ = 0;
    }
    compressed_bytes_ += entry->size();
    compressed_.emplace(key, entry);
    return entry;
}

void Middleware::mark_encoded(goridge::HeaderList& h, Encoding e) {
    set_header(h, "Content-Encoding", encoding_name(e));
    remove_header(h, "Content-Length");
    if (auto* etag = find_header(h, "ETag")) {
        for (auto& v : *etag) {
            if (!v.starts_with("W/")) {
                v.insert(0, "W/"); // the encoded bytes differ: the tag can no longer be strong
            }
        }
    }
}

} // namespace rr::http
