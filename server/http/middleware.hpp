// The configured middleware that touches responses, whoever produced them (a static file, PHP, an
// X-Sendfile file, a CORS preflight): http.headers.response, CORS headers and compression.
#pragma once

#include "goridge-compat/http_context.hpp"
#include "goridge-compat/http_request.hpp"
#include "server/config/config.hpp"
#include "server/http/compression.hpp"
#include "server/http/cors.hpp"

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace rr::http {

class Middleware {
public:
    explicit Middleware(const config::HttpConfig& http);

    const config::HttpConfig& http() const { return http_; }
    const Cors* cors() const { return cors_.get(); }
    bool sendfile() const { return http_.sendfile; }
    bool headers() const { return headers_; }

    // headers.response (with `headers` listed).
    void set_response_headers(goridge::HeaderList& h) const;
    // headers.response and the CORS headers of an actual response.
    void decorate(const Request& req, goridge::HeaderList& h) const;
    // The encoding for a response with headers `h` (adds Vary: Accept-Encoding when compression
    // applies to the type). `size`: the body size if known; bodies under gzip.min_size are not
    // compressed. Identity when gzip is off, the client does not accept an offered encoding, the
    // response already has a Content-Encoding, or says Cache-Control: no-transform.
    Encoding encoding_for(const Request& req, goridge::HeaderList& h, std::optional<uint64_t> size) const;
    // After choosing `e` (not identity): Content-Encoding, a weakened ETag, no Content-Length.
    static void mark_encoded(goridge::HeaderList& h, Encoding e);

    // Compressed static files by file version and encoding (bounded; emptied when full).
    std::shared_ptr<const std::string> cached_compressed(const std::string& key) const;
    std::shared_ptr<const std::string> cache_compressed(const std::string& key, std::string data) const;

private:
    const config::HttpConfig& http_;
    bool headers_;
    std::unique_ptr<Cors> cors_;
    std::vector<Encoding> encodings_;
    mutable std::unordered_map<std::string, std::shared_ptr<const std::string>> compressed_;
    mutable std::size_t compressed_bytes_ = 0;
};

} // namespace rr::http
