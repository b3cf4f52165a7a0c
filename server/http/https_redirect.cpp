#include "https_redirect.hpp"

#include "goridge-compat/text.hpp"

namespace rr::http {

std::string HttpsRedirect::location(const Request& req, const ConnectionInfo& info) const {
    std::string host(req.header("Host"));
    if (!host.empty() && host.front() == '[') {
        host = host.substr(0, host.find(']') + 1); // [::1]:8080 -> [::1]
    } else if (const auto colon = host.rfind(':'); colon != std::string::npos) {
        host.resize(colon);
    }
    // Only a host name or address goes into the Location: anything else falls back to our own address.
    const bool usable = !host.empty() && host.find_first_of(" \t\r\n/\\?#@") == std::string::npos;
    if (!usable) {
        host = info.local_ip.find(':') != std::string::npos ? "[" + info.local_ip + "]" : info.local_ip;
    }
    std::string loc = "https://" + host;
    if (https_port_ != 443) {
        loc += ":" + std::to_string(https_port_);
    }
    std::string_view target = req.target;
    if (target.empty() || target.front() != '/') {
        // An absolute-form target (http://host/path): keep its path and query.
        const auto scheme = target.find("://");
        const auto slash =
            scheme == std::string_view::npos ? std::string_view::npos : target.find('/', scheme + 3);
        target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    }
    return loc + text::without_crlf(target);
}

boost::asio::awaitable<void> HttpsRedirect::handle(Request& req, const ConnectionInfo& info,
                                                   ResponseWriter& out) {
    const std::string loc = location(req, info);
    co_await respond_text(out, 308, "moved to " + loc + "\n", one_header("Location", loc));
}

} // namespace rr::http
