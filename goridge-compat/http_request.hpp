// A parsed HTTP request as the network core (or a direct-dispatch worker) hands it on, and what is
// known of the connection it came on.
#pragma once

#include "goridge-compat/http_context.hpp"

#include <cstdint>
#include <memory>
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

struct ConnectionInfo {
    std::string remote_ip;
    uint16_t remote_port = 0;
    std::string local_ip;
    uint16_t local_port = 0;
    bool tls = false;
    // $_SERVER variables the front supplies: what a TLS handshake settled (tls.hpp
    // describe_handshake), or a FastCGI client's params. Exec'd workers get them as attributes.
    std::vector<std::pair<std::string, std::string>> server_vars;
    // The same as request attributes, when they hold for the whole connection (TLS): built once by
    // server_var_attributes() and shared by its requests. Null: built from server_vars per request.
    std::shared_ptr<const goridge::HeaderList> server_var_attrs;
};

} // namespace rr::http
