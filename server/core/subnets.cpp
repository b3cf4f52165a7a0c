#include "subnets.hpp"

#include <arpa/inet.h>
#include <cstring>
#include <stdexcept>

namespace rr::net {

std::optional<Ip16> parse_ip(std::string_view text) {
    const std::string s(text);
    Ip16 out{};
    in_addr v4{};
    if (::inet_pton(AF_INET, s.c_str(), &v4) == 1) {
        out[10] = 0xff;
        out[11] = 0xff;
        std::memcpy(out.data() + 12, &v4, 4);
        return out;
    }
    in6_addr v6{};
    if (::inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
        std::memcpy(out.data(), &v6, 16);
        return out;
    }
    return std::nullopt;
}

Subnets::Subnets(const std::vector<std::string>& cidrs) {
    for (const auto& c : cidrs) {
        const auto slash = c.find('/');
        const auto ip = parse_ip(c.substr(0, slash));
        const bool v4 = c.find(':') == std::string::npos;
        int bits = v4 ? 32 : 128;
        if (slash != std::string::npos) {
            const std::string n = c.substr(slash + 1);
            bits = n.empty() || n.find_first_not_of("0123456789") != std::string::npos || n.size() > 3
                       ? -1
                       : std::stoi(n);
        }
        if (!ip || bits < 0 || bits > (v4 ? 32 : 128)) {
            throw std::invalid_argument(c);
        }
        nets_.emplace_back(*ip, v4 ? bits + 96 : bits);
    }
}

bool Subnets::contains(std::string_view ip) const {
    const auto a = parse_ip(ip);
    if (!a) {
        return false;
    }
    for (const auto& [net, bits] : nets_) {
        int full = bits / 8;
        const int rest = bits % 8;
        if (std::memcmp(a->data(), net.data(), static_cast<std::size_t>(full)) != 0) {
            continue;
        }
        if (rest == 0 || ((a->at(full) ^ net[full]) & static_cast<uint8_t>(0xff << (8 - rest))) == 0) {
            return true;
        }
    }
    return false;
}

} // namespace rr::net
