// RoadRunner's proxy_ip_parser middleware: behind a trusted proxy, the client address comes from
// Forwarded, X-Forwarded-For, X-Real-IP, True-Client-IP or CF-Connecting-IP instead of the peer.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rr::http {

// An address as 16 bytes (IPv4 as IPv4-mapped IPv6), for prefix matching.
using Ip16 = std::array<uint8_t, 16>;
std::optional<Ip16> parse_ip(std::string_view text);

class Subnets {
public:
    // CIDR strings ("10.0.0.0/8", "::1/128"); throws std::invalid_argument naming the bad one.
    explicit Subnets(const std::vector<std::string>& cidrs);
    bool contains(std::string_view ip) const;

private:
    std::vector<std::pair<Ip16, int>> nets_; // prefix length over the 16-byte form
};

// The client address for a request from `peer` with these headers (name, value; any case), or
// `peer` when it is not trusted or no header names a valid address. X-Forwarded-For and
// Forwarded lists are read from the right: the first address that is not a trusted proxy is the
// client (a client cannot spoof its way past the proxies).
std::string client_ip(std::string_view peer, const std::vector<std::pair<std::string, std::string>>& headers,
                      const Subnets& trusted);

} // namespace rr::http
