// RoadRunner's proxy_ip_parser middleware: behind a trusted proxy, the client address comes from
// Forwarded, X-Forwarded-For, X-Real-IP, True-Client-IP or CF-Connecting-IP instead of the peer.
#pragma once

#include "server/core/subnets.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rr::http {

using net::parse_ip;
using net::Subnets;

// The forwarding headers proxy_ip_parser reads, in RoadRunner's default order.
enum class ProxyHeader { forwarded, x_forwarded_for, x_real_ip, true_client_ip, cf_connecting_ip };
using ProxyHeaders = std::vector<ProxyHeader>;
const ProxyHeaders& default_proxy_headers();
// http.trusted_headers (RoadRunner's allowlist): names in any case, blanks and repeats dropped, in
// the order given; empty gives the default order. Names it does not know go to `unknown`; a list
// of only unknown names gives no header at all (an allowlist fails closed).
ProxyHeaders parse_proxy_headers(const std::vector<std::string>& names, std::vector<std::string>& unknown);

// The client address for a request from `peer` with these headers (name, value; any case), or
// `peer` when it is not trusted or no allowed header names a valid address. Only the headers in
// `allowed` are read, in that order; the first that gives an address wins. X-Forwarded-For and
// Forwarded lists are read from the right: the first address that is not a trusted proxy is the
// client (a client cannot spoof its way past the proxies).
std::string client_ip(std::string_view peer, const std::vector<std::pair<std::string, std::string>>& headers,
                      const Subnets& trusted, const ProxyHeaders& allowed = default_proxy_headers());

} // namespace rr::http
