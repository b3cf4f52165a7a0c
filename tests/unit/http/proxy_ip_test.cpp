#include "server/http/proxy_ip.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace rr::http {
namespace {

TEST(ProxyIp, SubnetsMatchV4AndV6) {
    const Subnets s({"10.0.0.0/8", "127.0.0.0/8", "192.168.1.0/24", "::1/128", "fc00::/7"});
    for (const char* yes : {"10.1.2.3", "127.0.0.1", "192.168.1.77", "::1", "fd12::5", "::ffff:10.9.9.9"}) {
        EXPECT_TRUE(s.contains(yes)) << yes;
    }
    for (const char* no : {"11.0.0.1", "192.168.2.1", "8.8.8.8", "::2", "fe00::1", "not an ip", ""}) {
        EXPECT_FALSE(s.contains(no)) << no;
    }
    for (const char* bad : {"10.0.0.0/33", "10.0.0/8", "fc00::/129", "x/8", "10.0.0.0/"}) {
        EXPECT_THROW(Subnets({bad}), std::invalid_argument) << bad;
    }
}

TEST(ProxyIp, ClientAddressOnlyFromTrustedPeers) {
    const Subnets trusted({"127.0.0.0/8", "10.0.0.0/8"});
    using H = std::vector<std::pair<std::string, std::string>>;
    struct Case {
        const char* peer;
        H headers;
        const char* expected;
    };
    const Case cases[] = {
        {"127.0.0.1", {{"X-Forwarded-For", "203.0.113.7"}}, "203.0.113.7"},
        {"8.8.8.8", {{"X-Forwarded-For", "203.0.113.7"}}, "8.8.8.8"}, // untrusted peer: ignored
        // Read from the right: a spoofed left-most entry does not win over the real client.
        {"127.0.0.1", {{"x-forwarded-for", "1.1.1.1, 203.0.113.7, 10.0.0.2"}}, "203.0.113.7"},
        {"127.0.0.1", {{"X-Forwarded-For", "10.0.0.3, 10.0.0.2"}}, "10.0.0.3"}, // all proxies: left-most
        {"127.0.0.1", {{"X-Forwarded-For", "garbage, 203.0.113.7"}}, "203.0.113.7"},
        {"127.0.0.1", {{"X-Forwarded-For", "203.0.113.7, garbage"}}, "127.0.0.1"}, // malformed: peer
        {"127.0.0.1",
         {{"Forwarded", "for=198.51.100.17;proto=https, for=\"[2001:db8::1]:4711\""}},
         "2001:db8::1"},
        {"127.0.0.1", {{"Forwarded", "For=198.51.100.17:80"}}, "198.51.100.17"},
        {"127.0.0.1", {{"X-Real-IP", "198.51.100.9"}}, "198.51.100.9"},
        {"127.0.0.1", {{"True-Client-IP", "198.51.100.10"}}, "198.51.100.10"},
        {"127.0.0.1", {{"CF-Connecting-IP", "2001:db8::2"}}, "2001:db8::2"},
        {"127.0.0.1", {{"X-Real-IP", "not-an-ip"}}, "127.0.0.1"},
        {"127.0.0.1", {}, "127.0.0.1"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(client_ip(c.peer, c.headers, trusted), c.expected)
            << c.peer << " " << (c.headers.empty() ? "" : c.headers[0].second);
    }
}

TEST(ProxyIp, TrustedHeadersAllowlistDecidesWhichHeadersCount) {
    const Subnets trusted({"127.0.0.0/8"});
    using H = std::vector<std::pair<std::string, std::string>>;
    const H spoof{{"X-Forwarded-For", "5.6.7.8"}, {"Forwarded", "for=9.9.9.9"}, {"X-Real-Ip", "1.2.3.4"}};
    std::vector<std::string> unknown;
    // Only X-Real-Ip believed: X-Forwarded-For and Forwarded from the proxy are ignored.
    const ProxyHeaders real_ip = parse_proxy_headers({"X-Real-Ip"}, unknown);
    EXPECT_EQ(client_ip("127.0.0.1", spoof, trusted, real_ip), "1.2.3.4");
    EXPECT_EQ(client_ip("127.0.0.1", {{"X-Forwarded-For", "5.6.7.8"}}, trusted, real_ip), "127.0.0.1");
    // The list's order wins over the default order; names in any case, blanks and repeats dropped.
    const ProxyHeaders order = parse_proxy_headers({" ", "x-real-ip", "X-REAL-IP", "forwarded"}, unknown);
    ASSERT_EQ(order.size(), 2u);
    EXPECT_EQ(order[0], ProxyHeader::x_real_ip);
    EXPECT_EQ(order[1], ProxyHeader::forwarded);
    EXPECT_EQ(client_ip("127.0.0.1", spoof, trusted, order), "1.2.3.4");
    EXPECT_EQ(client_ip("127.0.0.1", {spoof[1]}, trusted, order), "9.9.9.9");
    // An empty value does not count: the next allowed header does.
    EXPECT_EQ(client_ip("127.0.0.1", {{"X-Real-Ip", " "}, {"Forwarded", "for=9.9.9.9"}}, trusted, order),
              "9.9.9.9");
    // Empty or unset: the default order (Forwarded first).
    EXPECT_EQ(client_ip("127.0.0.1", spoof, trusted, parse_proxy_headers({}, unknown)), "9.9.9.9");
    EXPECT_TRUE(unknown.empty());
    // Only names it does not know (a typo): nothing is believed, rather than every header.
    const ProxyHeaders typo = parse_proxy_headers({"X-Client-IP"}, unknown);
    ASSERT_EQ(unknown.size(), 1u);
    EXPECT_EQ(unknown[0], "X-Client-IP");
    EXPECT_TRUE(typo.empty());
    EXPECT_EQ(client_ip("127.0.0.1", spoof, trusted, typo), "127.0.0.1");
}

} // namespace
} // namespace rr::http
