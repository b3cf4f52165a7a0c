#include "proxy_ip.hpp"

#include "goridge-compat/text.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cstring>
#include <stdexcept>
#include <strings.h>

namespace rr::http {
namespace {

// "1.2.3.4", "1.2.3.4:80", "[::1]:80", "::1", "\"[::1]:80\"" -> the bare address.
std::string bare(std::string_view v) {
    v = text::trim(v);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
        v = v.substr(1, v.size() - 2);
    }
    if (!v.empty() && v.front() == '[') {
        const auto close = v.find(']');
        return std::string(v.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
    }
    if (std::count(v.begin(), v.end(), ':') == 1) {
        v = v.substr(0, v.find(':')); // IPv4 with a port
    }
    return std::string(v);
}

std::vector<std::string> split_commas(std::string_view v) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i <= v.size()) {
        const auto comma = v.find(',', i);
        out.emplace_back(
            text::trim(v.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i)));
        if (comma == std::string_view::npos) {
            break;
        }
        i = comma + 1;
    }
    return out;
}

// The first address from the right that is not a trusted proxy; the left-most if all are.
std::optional<std::string> pick(const std::vector<std::string>& chain, const Subnets& trusted) {
    std::optional<std::string> leftmost;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const std::string ip = bare(*it);
        if (!parse_ip(ip)) {
            return std::nullopt; // a malformed list is not trusted at all
        }
        if (!trusted.contains(ip)) {
            return ip;
        }
        leftmost = ip;
    }
    return leftmost;
}

// The client address one forwarding header gives, if it gives a valid one.
template <typename Lookup>
std::optional<std::string> from_header(ProxyHeader which, const Lookup& header, const Subnets& trusted) {
    switch (which) {
    case ProxyHeader::forwarded: {
        const auto fwd = header("Forwarded");
        if (!fwd) {
            return std::nullopt;
        }
        std::vector<std::string> chain;
        for (const auto& element : split_commas(*fwd)) {
            std::size_t i = 0;
            while (i < element.size()) {
                const auto semi = element.find(';', i);
                const std::string_view pair = text::trim(std::string_view(element).substr(
                    i, semi == std::string::npos ? std::string::npos : semi - i));
                if (pair.size() > 4 && strncasecmp(pair.data(), "for=", 4) == 0) {
                    chain.emplace_back(pair.substr(4));
                }
                i = semi == std::string::npos ? element.size() : semi + 1;
            }
        }
        return chain.empty() ? std::nullopt : pick(chain, trusted);
    }
    case ProxyHeader::x_forwarded_for: {
        const auto xff = header("X-Forwarded-For");
        return xff ? pick(split_commas(*xff), trusted) : std::nullopt;
    }
    case ProxyHeader::x_real_ip:
    case ProxyHeader::true_client_ip:
    case ProxyHeader::cf_connecting_ip: {
        const char* name = which == ProxyHeader::x_real_ip        ? "X-Real-IP"
                           : which == ProxyHeader::true_client_ip ? "True-Client-IP"
                                                                  : "CF-Connecting-IP";
        const auto v = header(name);
        if (!v) {
            return std::nullopt;
        }
        std::string ip = bare(*v);
        return parse_ip(ip) ? std::optional<std::string>(std::move(ip)) : std::nullopt;
    }
    }
    return std::nullopt;
}

} // namespace

const ProxyHeaders& default_proxy_headers() {
    static const ProxyHeaders all = {ProxyHeader::forwarded, ProxyHeader::x_forwarded_for,
                                     ProxyHeader::x_real_ip, ProxyHeader::true_client_ip,
                                     ProxyHeader::cf_connecting_ip};
    return all;
}

namespace {
constexpr std::pair<const char*, ProxyHeader> kProxyHeaderNames[] = {
    {"Forwarded", ProxyHeader::forwarded},
    {"X-Forwarded-For", ProxyHeader::x_forwarded_for},
    {"X-Real-IP", ProxyHeader::x_real_ip},
    {"True-Client-IP", ProxyHeader::true_client_ip},
    {"CF-Connecting-IP", ProxyHeader::cf_connecting_ip},
};
} // namespace

ProxyHeaders parse_proxy_headers(const std::vector<std::string>& names, std::vector<std::string>& unknown) {
    const std::size_t unknown_before = unknown.size();
    ProxyHeaders out;
    for (const auto& raw : names) {
        const std::string_view name = text::trim(raw);
        if (name.empty()) {
            continue;
        }
        bool known = false;
        for (const auto& [n, h] : kProxyHeaderNames) {
            if (name.size() == std::strlen(n) && strncasecmp(name.data(), n, name.size()) == 0) {
                known = true;
                if (std::find(out.begin(), out.end(), h) == out.end()) {
                    out.push_back(h);
                }
            }
        }
        if (!known) {
            unknown.emplace_back(name);
        }
    }
    // An empty list means the default order; a list naming nothing it knows (a typo) trusts nothing.
    return out.empty() && unknown.size() == unknown_before ? default_proxy_headers() : out;
}

std::string client_ip(std::string_view peer, const std::vector<std::pair<std::string, std::string>>& headers,
                      const Subnets& trusted, const ProxyHeaders& allowed) {
    if (!trusted.contains(peer)) {
        return std::string(peer); // only a trusted proxy may say who the client is
    }
    auto header = [&](const char* name) -> std::optional<std::string_view> {
        for (const auto& [k, v] : headers) {
            if (strcasecmp(k.c_str(), name) == 0 && !text::trim(v).empty()) {
                return std::string_view(v);
            }
        }
        return std::nullopt;
    };
    for (const ProxyHeader which : allowed) {
        if (auto ip = from_header(which, header, trusted)) {
            return *ip;
        }
    }
    return std::string(peer);
}

} // namespace rr::http
