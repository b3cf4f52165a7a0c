// A parsed HTTP request as the network core hands it on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rr::http {

struct Request {
    std::string method;
    std::string target; // request-target exactly as received
    int version_major = 1;
    int version_minor = 1;
    std::vector<std::pair<std::string, std::string>> headers; // names as received
    std::string body;
    bool keep_alive = true;
    bool expect_continue = false;
    bool chunked = false;
    bool upgrade = false;
    uint64_t content_length = 0; // when Content-Length was given

    // First value of a header, case-insensitively; empty when absent.
    std::string_view header(std::string_view name) const;
    bool head() const { return method == "HEAD"; }
    std::string protocol() const {
        return "HTTP/" + std::to_string(version_major) + "." + std::to_string(version_minor);
    }
};

} // namespace rr::http
