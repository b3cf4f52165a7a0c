// IP addresses and CIDR subnets (IPv4 and IPv6), for trusted-proxy checks.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rr::net {

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

} // namespace rr::net
