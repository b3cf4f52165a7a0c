#include "request_context.hpp"

#include "goridge-compat/text.hpp"

#include <strings.h>

namespace rr::http {

goridge::HeaderList server_var_attributes(const std::vector<std::pair<std::string, std::string>>& vars) {
    goridge::HeaderList attrs;
    if (vars.empty()) {
        return attrs;
    }
    attrs.reserve(vars.size() + 1);
    goridge::HeaderValues names;
    names.reserve(vars.size());
    for (const auto& [name, value] : vars) {
        attrs.emplace_back(name, goridge::HeaderValues{value});
        names.push_back(name);
    }
    attrs.emplace_back(goridge::kAttrServerVars, std::move(names));
    return attrs;
}

goridge::HttpRequestContext build_context(const Request& req, const ConnectionInfo& info) {
    goridge::HttpRequestContext ctx;
    ctx.remote_addr = info.remote_ip;
    ctx.remote_port = info.remote_port;
    ctx.server_addr = info.local_ip;
    ctx.server_port = info.local_port;
    ctx.tls = info.tls;
    // The front's $_SERVER variables (TLS, FastCGI params) travel as attributes.
    if (info.server_var_attrs) {
        ctx.connection_attributes = info.server_var_attrs;
    } else {
        ctx.attributes = server_var_attributes(info.server_vars);
    }
    ctx.protocol = req.protocol();
    ctx.method = req.method;
    std::string host(req.header("Host"));
    if (host.empty()) {
        host = info.local_ip.find(':') != std::string::npos ? "[" + info.local_ip + "]" : info.local_ip;
        host += ":" + std::to_string(info.local_port);
    }
    const std::string target = text::without_crlf(req.target);
    if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0) {
        ctx.uri = target;
    } else {
        ctx.uri =
            (info.tls ? "https://" : "http://") + text::without_crlf(host) + (target == "*" ? "" : target);
    }
    if (const auto q = target.find('?'); q != std::string::npos) {
        const auto hash = target.find('#', q);
        ctx.raw_query = target.substr(q + 1, hash == std::string::npos ? std::string::npos : hash - q - 1);
    }
    ctx.headers.reserve(req.headers.size());
    for (const auto& [name, value] : req.headers) {
        if (strcasecmp(name.c_str(), "Host") == 0) {
            continue; // RR moves Host into the uri
        }
        const std::string key = goridge::canonical_header_key(name);
        goridge::add_header(ctx.headers, key, value);
        if (key == "Cookie") {
            goridge::parse_cookie_header(value, ctx.cookies);
        }
    }
    return ctx;
}

} // namespace rr::http
