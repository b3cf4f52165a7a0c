#include "server/http/https_redirect.hpp"

#include <gtest/gtest.h>

namespace rr::http {
namespace {

Request request(const char* target, const char* host) {
    Request r;
    r.method = "GET";
    r.target = target;
    if (host != nullptr) {
        r.headers.emplace_back("Host", host);
    }
    return r;
}

TEST(HttpsRedirect, KeepsPathAndQueryAndNamesThePortUnless443) {
    ConnectionInfo info;
    info.local_ip = "10.0.0.5";
    const HttpsRedirect on_8443(8443);
    const HttpsRedirect on_443(443);
    EXPECT_EQ(on_8443.location(request("/a/b?x=1&y=%20", "example.com:8080"), info),
              "https://example.com:8443/a/b?x=1&y=%20");
    EXPECT_EQ(on_443.location(request("/a?b", "example.com"), info), "https://example.com/a?b");
    EXPECT_EQ(on_443.location(request("/", "[2001:db8::1]:80"), info), "https://[2001:db8::1]/");
    // An absolute-form target keeps only its path and query.
    EXPECT_EQ(on_443.location(request("http://example.com:80/p?q", "example.com"), info),
              "https://example.com/p?q");
    EXPECT_EQ(on_443.location(request("http://example.com", "example.com"), info), "https://example.com/");
}

TEST(HttpsRedirect, AHostThatCouldRedirectElsewhereFallsBackToOurAddress) {
    ConnectionInfo info;
    info.local_ip = "10.0.0.5";
    const HttpsRedirect r(443);
    for (const char* host :
         {"evil.com/x", "a b", "user@evil.com", "evil.com\\x", "evil.com?", "evil.com#", ""}) {
        EXPECT_EQ(r.location(request("/p", host), info), "https://10.0.0.5/p") << host;
    }
    EXPECT_EQ(r.location(request("/p", nullptr), info), "https://10.0.0.5/p");
    info.local_ip = "::1";
    EXPECT_EQ(r.location(request("/p", nullptr), info), "https://[::1]/p");
    // CR and LF never reach the Location header.
    EXPECT_EQ(r.location(request("/p\r\nX-Evil: 1", "example.com"), info), "https://example.com/pX-Evil: 1");
}

} // namespace
} // namespace rr::http
