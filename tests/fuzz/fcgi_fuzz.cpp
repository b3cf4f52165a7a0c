// The FastCGI front: a record stream as a web server (or anyone) sends it — record headers, the
// PARAMS stream's name-value pairs — turned into the request rr-php serves.
#include "server/http/fcgi_protocol.hpp"
#include "server/http/fcgi_request.hpp"

#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    std::string params;
    std::string body;
    while (in.size() >= rr::http::fcgi::kHeaderSize) {
        const auto h = rr::http::fcgi::parse_header(in);
        const std::size_t total = rr::http::fcgi::kHeaderSize + h.content_length + h.padding_length;
        if (total > in.size()) {
            break;
        }
        const std::string_view content = in.substr(rr::http::fcgi::kHeaderSize, h.content_length);
        if (h.type == rr::http::fcgi::kParams) {
            params.append(content);
        } else if (h.type == rr::http::fcgi::kStdin) {
            body.append(content);
        }
        in.remove_prefix(total);
    }
    if (params.empty()) {
        params.assign(in); // also the pairs parser on raw bytes
    }
    rr::http::Request req;
    rr::http::ConnectionInfo info;
    std::string error;
    if (rr::http::fcgi_to_request(params, body, req, info, error)) {
        if (req.method.empty() || req.target.empty() || (req.target[0] != '/' && req.target != "*")) {
            __builtin_trap(); // a served request always has a method and an origin-form target
        }
        for (const auto& [name, value] : req.headers) {
            if (name == "Proxy") {
                __builtin_trap(); // httpoxy: HTTP_PROXY never becomes a header
            }
        }
    } else if (error.empty()) {
        __builtin_trap(); // a refusal says why
    }
    // Whatever was parsed re-encodes and parses back to the same pairs.
    if (const auto pairs = rr::http::fcgi::parse_pairs(params)) {
        std::string again;
        for (const auto& [n, v] : *pairs) {
            rr::http::fcgi::append_pair(again, n, v);
        }
        const auto back = rr::http::fcgi::parse_pairs(again);
        if (!back || *back != *pairs) {
            __builtin_trap();
        }
    }
    return 0;
}
