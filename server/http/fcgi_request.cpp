#include "fcgi_request.hpp"

#include "goridge-compat/text.hpp"
#include "server/http/fcgi_protocol.hpp"

#include <cstdlib>

namespace rr::http {

namespace {

// HTTP_ACCEPT_LANGUAGE -> Accept-Language
std::string header_name(std::string_view cgi) {
    std::string out;
    bool upper = true;
    for (char c : cgi) {
        if (c == '_') {
            out.push_back('-');
            upper = true;
            continue;
        }
        out.push_back(upper ? c : static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
        upper = false;
    }
    return out;
}

uint16_t port_of(const std::string& s) {
    const unsigned long v = std::strtoul(s.c_str(), nullptr, 10);
    return v <= 65535 ? static_cast<uint16_t>(v) : 0;
}

} // namespace

bool fcgi_to_request(std::string_view params, std::string body, Request& req, ConnectionInfo& info,
                     std::string& error) {
    auto pairs = fcgi::parse_pairs(params);
    if (!pairs) {
        error = "malformed FastCGI params";
        return false;
    }
    std::string uri;
    std::string script_name;
    std::string path_info;
    std::string query;
    std::string protocol = "HTTP/1.1";
    std::string server_name;
    bool host = false;
    for (auto& [name, value] : *pairs) {
        if (name.starts_with("HTTP_")) {
            if (name == "HTTP_PROXY") {
                continue; // httpoxy: never a request header
            }
            host = host || name == "HTTP_HOST";
            req.headers.emplace_back(header_name(std::string_view(name).substr(5)), value);
            continue;
        }
        if (name == "CONTENT_TYPE" || name == "CONTENT_LENGTH") {
            if (!value.empty()) {
                req.headers.emplace_back(name == "CONTENT_TYPE" ? "Content-Type" : "Content-Length", value);
            }
            continue;
        }
        if (name == "REQUEST_METHOD") {
            req.method = value;
        } else if (name == "REQUEST_URI") {
            uri = value;
        } else if (name == "SCRIPT_NAME") {
            script_name = value;
        } else if (name == "PATH_INFO") {
            path_info = value;
        } else if (name == "QUERY_STRING") {
            query = value;
        } else if (name == "SERVER_PROTOCOL") {
            protocol = value;
        } else if (name == "SERVER_NAME") {
            server_name = value;
        } else if (name == "REMOTE_ADDR") {
            info.remote_ip = value;
        } else if (name == "REMOTE_PORT") {
            info.remote_port = port_of(value);
        } else if (name == "SERVER_ADDR") {
            info.local_ip = value;
        } else if (name == "SERVER_PORT") {
            info.local_port = port_of(value);
        } else if (name == "HTTPS") {
            info.tls = !value.empty() && !text::iequals(value, "off");
        }
        info.server_vars.emplace_back(std::move(name), std::move(value));
    }
    if (req.method.empty()) {
        req.method = "GET";
    }
    req.target = !uri.empty() ? uri : script_name + path_info + (query.empty() ? "" : "?" + query);
    if (req.target.empty() || (req.target.front() != '/' && req.target != "*")) {
        error = "FastCGI params without REQUEST_URI or SCRIPT_NAME";
        return false;
    }
    if (!host && !server_name.empty()) {
        req.headers.emplace_back("Host", server_name);
    }
    if (protocol.starts_with("HTTP/") && protocol.size() >= 8) {
        req.version_major = protocol[5] - '0';
        req.version_minor = protocol[7] - '0';
    }
    req.body = std::move(body);
    return true;
}

} // namespace rr::http
