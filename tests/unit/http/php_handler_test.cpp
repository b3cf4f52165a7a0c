#include "goridge-compat/request_context.hpp"
#include "server/http/php_handler.hpp"

#include <gtest/gtest.h>

namespace rr::http {
namespace {

Request make_request(std::string target, std::vector<std::pair<std::string, std::string>> headers) {
    Request r;
    r.method = "GET";
    r.target = std::move(target);
    r.headers = std::move(headers);
    return r;
}

ConnectionInfo loopback() {
    ConnectionInfo i;
    i.remote_ip = "127.0.0.1";
    i.remote_port = 40000;
    i.local_ip = "127.0.0.1";
    i.local_port = 8080;
    return i;
}

TEST(BuildContext, HostMovesIntoAbsoluteUri) {
    auto ctx = build_context(make_request("/x?a=1&b=2", {{"host", "example.com:8080"}, {"accept", "*/*"}}),
                             loopback());
    EXPECT_EQ(ctx.uri, "http://example.com:8080/x?a=1&b=2");
    EXPECT_EQ(ctx.raw_query, "a=1&b=2");
    ASSERT_EQ(ctx.headers.size(), 1u);
    EXPECT_EQ(ctx.headers[0].first, "Accept");
    EXPECT_EQ(ctx.remote_addr, "127.0.0.1");
    EXPECT_EQ(ctx.remote_port, 40000);
    EXPECT_EQ(ctx.protocol, "HTTP/1.1");
}

TEST(BuildContext, RepeatedHeadersBecomeOneListInCanonicalForm) {
    auto ctx = build_context(make_request("/", {{"Host", "h"}, {"x-a", "1"}, {"X-A", "2"}}), loopback());
    ASSERT_EQ(ctx.headers.size(), 1u);
    EXPECT_EQ(ctx.headers[0].first, "X-A");
    EXPECT_EQ(ctx.headers[0].second, (goridge::HeaderValues{"1", "2"}));
}

TEST(BuildContext, CookiesAreParsedAndKeptAsHeader) {
    auto ctx = build_context(make_request("/", {{"Host", "h"}, {"cookie", "a=1; b=x%20y"}}), loopback());
    ASSERT_EQ(ctx.cookies.size(), 2u);
    EXPECT_EQ(ctx.cookies[1].second, "x y");
    EXPECT_EQ(ctx.headers[0].first, "Cookie");
}

TEST(BuildContext, NoHostUsesTheLocalAddress) {
    auto ctx = build_context(make_request("/p", {}), loopback());
    EXPECT_EQ(ctx.uri, "http://127.0.0.1:8080/p");
}

TEST(BuildContext, AbsoluteFormTargetIsKept) {
    auto ctx = build_context(make_request("http://other/p?q", {{"Host", "h"}}), loopback());
    EXPECT_EQ(ctx.uri, "http://other/p?q");
    EXPECT_EQ(ctx.raw_query, "q");
}

} // namespace
} // namespace rr::http
