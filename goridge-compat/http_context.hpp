// RoadRunner's HTTP payload: the request context sent with each job and the response context a
// worker answers with (PROTOCOL.md §3.2 and §3.6), in their JSON form.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rr::goridge {

// Ordered multi-map of header name -> values, as RR sends it (names in Go canonical form).
using HeaderValues = std::vector<std::string>;
using HeaderList = std::vector<std::pair<std::string, HeaderValues>>;

// rr-php's request attributes that tell a classic-mode worker which script to run (the paths
// php-fpm gets from nginx as SCRIPT_FILENAME, SCRIPT_NAME, PATH_INFO, DOCUMENT_ROOT).
inline constexpr const char* kAttrScriptFilename = "rr-php.script_filename";
inline constexpr const char* kAttrScriptName = "rr-php.script_name";
inline constexpr const char* kAttrPathInfo = "rr-php.path_info";
inline constexpr const char* kAttrDocumentRoot = "rr-php.document_root";
// The names of the attributes that are $_SERVER variables supplied by the front (TLS, FastCGI).
inline constexpr const char* kAttrServerVars = "rr-php.server_vars";

struct HttpRequestContext {
    std::string remote_addr; // client IP, no port
    std::string protocol;    // HTTP/1.0, HTTP/1.1, HTTP/2.0
    std::string method;
    std::string uri;    // absolute: scheme://host + request-target
    HeaderList headers; // without Host (it is in uri)
    std::vector<std::pair<std::string, std::string>> cookies;
    std::string raw_query;
    bool parsed = false;
    std::string uploads; // JSON text of the upload tree; empty when none
    HeaderList attributes;
    // More attributes, the same for every request of a connection (what its TLS handshake settled):
    // built once and shared rather than copied into each request. Encoded as part of `attributes`
    // (after them); a decoded context has everything in `attributes`.
    std::shared_ptr<const HeaderList> connection_attributes;

    // rr-php additions (ignored by stock RoadRunner workers): what php-fpm exposes in $_SERVER but
    // RR's context does not carry.
    uint16_t remote_port = 0;
    std::string server_addr;
    uint16_t server_port = 0;
    bool tls = false;
};

struct HttpResponseContext {
    int status = 200;
    HeaderList headers;
};

// How strings that are not valid UTF-8 (header values may carry any bytes) are written.
enum class Utf8 {
    keep,    // byte for byte: rr-php's own workers decode it leniently and PHP sees the raw bytes
    replace, // invalid sequences become U+FFFD, as Go's encoding/json does: stock PHP workers
             // json_decode() the context and reject invalid UTF-8
};

std::string encode_json(const HttpRequestContext& ctx, Utf8 strings = Utf8::keep);
std::string encode_json(const HttpResponseContext& ctx, Utf8 strings = Utf8::keep);

// Appends `s` as a JSON string literal.
void append_json_string(std::string& out, std::string_view s, Utf8 strings);

// Both return std::nullopt and set `error` on malformed input. Invalid UTF-8 inside strings is
// accepted and kept.
std::optional<HttpRequestContext> decode_request_json(std::string_view json, std::string& error);
std::optional<HttpResponseContext> decode_response_json(std::string_view json, std::string& error);

// Go's textproto canonical form: "content-type" -> "Content-Type". Names with bytes outside
// token characters are returned unchanged (as Go does).
std::string canonical_header_key(std::string_view name);

// Splits a Cookie header into name/value pairs, with values unescaped as Go's url.QueryUnescape
// does; a pair whose value cannot be unescaped is dropped.
void parse_cookie_header(std::string_view header, std::vector<std::pair<std::string, std::string>>& out);

// Appends `v` to the values of header `name` (exact match), or adds a new entry.
void add_header(HeaderList& list, std::string_view name, std::string_view value);

} // namespace rr::goridge
