#include "server/http/response.hpp"

#include <gtest/gtest.h>

namespace rr::http {
namespace {

TEST(Response, HeadWithContentLength) {
    goridge::HeaderList h{{"Content-Type", {"text/plain"}}, {"Set-Cookie", {"a=1", "b=2"}}};
    ResponseHead head;
    head.status = 201;
    head.headers = &h;
    head.content_length = 5;
    std::string out;
    write_head(out, head);
    EXPECT_EQ(out.rfind("HTTP/1.1 201 Created\r\n", 0), 0u);
    EXPECT_NE(out.find("Content-Type: text/plain\r\n"), std::string::npos);
    EXPECT_NE(out.find("Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n"), std::string::npos);
    EXPECT_NE(out.find("Content-Length: 5\r\n"), std::string::npos);
    EXPECT_NE(out.find("Date: "), std::string::npos);
    EXPECT_EQ(out.find("Connection:"), std::string::npos);
    EXPECT_EQ(out.substr(out.size() - 4), "\r\n\r\n");
}

TEST(Response, ServerOwnsFramingHeaders) {
    goridge::HeaderList h{
        {"Content-Length", {"999"}}, {"transfer-encoding", {"gzip"}}, {"Connection", {"upgrade"}}};
    ResponseHead head;
    head.headers = &h;
    head.framing = BodyFraming::chunked;
    head.keep_alive = false;
    std::string out;
    write_head(out, head);
    EXPECT_EQ(out.find("999"), std::string::npos);
    EXPECT_EQ(out.find("gzip"), std::string::npos);
    EXPECT_NE(out.find("Transfer-Encoding: chunked\r\n"), std::string::npos);
    EXPECT_NE(out.find("Connection: close\r\n"), std::string::npos);
}

TEST(Response, HeaderValuesWithNewlinesAreDropped) {
    goridge::HeaderList h{{"X-Evil", {"a\r\nSet-Cookie: pwned=1"}}, {"X-Fine", {"ok"}}};
    ResponseHead head;
    head.headers = &h;
    std::string out;
    write_head(out, head);
    EXPECT_EQ(out.find("pwned"), std::string::npos);
    EXPECT_NE(out.find("X-Fine: ok\r\n"), std::string::npos);
}

TEST(Response, HeaderNamesMustBeTokens) {
    // "X-A: 1\tX-B" as a name would put another header on the line; so would a space or a colon.
    goridge::HeaderList h{
        {"X-A: 1\tX-B", {"2"}}, {"X A", {"v"}}, {"X\x01", {"v"}}, {"", {"v"}}, {"X-Ok_1.~", {"fine"}}};
    ResponseHead head;
    head.headers = &h;
    std::string out;
    write_head(out, head);
    EXPECT_EQ(out.find("X-A"), std::string::npos);
    EXPECT_EQ(out.find("X A"), std::string::npos);
    EXPECT_EQ(out.find('\x01'), std::string::npos);
    EXPECT_EQ(out.find("\r\n: v"), std::string::npos);
    EXPECT_NE(out.find("X-Ok_1.~: fine\r\n"), std::string::npos);
    EXPECT_FALSE(usable_field("Trailer Name", "x"));
    EXPECT_FALSE(usable_field("X", std::string_view("a\0b", 3)));
    EXPECT_TRUE(usable_field("X", "a\tb"));
}

TEST(Response, Http10KeepAliveIsExplicit) {
    ResponseHead head;
    head.version_minor = 0;
    std::string out;
    write_head(out, head);
    EXPECT_EQ(out.rfind("HTTP/1.0 200 OK\r\n", 0), 0u);
    EXPECT_NE(out.find("Connection: keep-alive\r\n"), std::string::npos);
}

TEST(Response, InterimResponseHasNoDateOrLength) {
    goridge::HeaderList h{{"Link", {"</style.css>; rel=preload"}}};
    ResponseHead head;
    head.status = 103;
    head.headers = &h;
    head.framing = BodyFraming::none;
    std::string out;
    write_head(out, head);
    EXPECT_EQ(out, "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n");
}

TEST(Response, SimpleResponse) {
    const std::string r = simple_response(413, "too big\n", false);
    EXPECT_EQ(r.rfind("HTTP/1.1 413 Content Too Large\r\n", 0), 0u);
    EXPECT_NE(r.find("Content-Length: 8\r\n"), std::string::npos);
    EXPECT_NE(r.find("Connection: close\r\n"), std::string::npos);
    EXPECT_EQ(r.substr(r.size() - 8), "too big\n");
}

TEST(Response, StatusesWithoutBody) {
    EXPECT_FALSE(status_has_body(204));
    EXPECT_FALSE(status_has_body(304));
    EXPECT_FALSE(status_has_body(103));
    EXPECT_TRUE(status_has_body(200));
    EXPECT_TRUE(status_has_body(500));
}

} // namespace
} // namespace rr::http
