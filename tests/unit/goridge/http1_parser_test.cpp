#include "goridge-compat/http1_parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rr::http {
namespace {

struct Parsed {
    std::vector<Request> requests;
    int error_status = 0;
    std::string error_reason;
    bool paused_for_continue = false;
};

// Feeds `input` in chunks of `chunk` bytes, collecting every complete request.
Parsed parse(const std::string& input, std::size_t chunk = 0, ParserLimits limits = {}) {
    RequestParser p(limits);
    Parsed out;
    if (chunk == 0)
        chunk = input.size();
    std::string pending;
    for (std::size_t off = 0; off < input.size(); off += chunk) {
        pending += input.substr(off, chunk);
        std::size_t pos = 0;
        while (pos < pending.size()) {
            std::size_t used = 0;
            const auto ev = p.feed(pending.data() + pos, pending.size() - pos, used);
            pos += used;
            if (ev == RequestParser::Event::message_complete) {
                out.requests.push_back(p.take());
            } else if (ev == RequestParser::Event::headers_complete) {
                out.paused_for_continue = true;
            } else if (ev == RequestParser::Event::error) {
                out.error_status = p.error_status();
                out.error_reason = p.error_reason();
                return out;
            } else {
                break;
            }
        }
        pending.erase(0, pos);
    }
    return out;
}

TEST(RequestParser, SimpleGet) {
    auto r = parse("GET /a/b?x=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n");
    ASSERT_EQ(r.requests.size(), 1u);
    const Request& q = r.requests[0];
    EXPECT_EQ(q.method, "GET");
    EXPECT_EQ(q.target, "/a/b?x=1");
    EXPECT_EQ(q.version_minor, 1);
    EXPECT_TRUE(q.keep_alive);
    EXPECT_EQ(q.header("host"), "example.com");
    EXPECT_EQ(q.header("ACCEPT"), "*/*");
    EXPECT_TRUE(q.body.empty());
}

TEST(RequestParser, SameResultWhateverTheChunking) {
    const std::string in = "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\nX-A: 1\r\n\r\nhello world";
    for (std::size_t chunk : {1, 2, 3, 7, 64}) {
        auto r = parse(in, chunk);
        ASSERT_EQ(r.requests.size(), 1u) << chunk;
        EXPECT_EQ(r.requests[0].body, "hello world");
        EXPECT_EQ(r.requests[0].header("X-A"), "1");
    }
}

TEST(RequestParser, PipelinedRequestsComeOutInOrder) {
    auto r = parse("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"
                   "POST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
                   "GET /3 HTTP/1.1\r\nHost: h\r\n\r\n");
    ASSERT_EQ(r.requests.size(), 3u);
    EXPECT_EQ(r.requests[0].target, "/1");
    EXPECT_EQ(r.requests[1].target, "/2");
    EXPECT_EQ(r.requests[1].body, "abc");
    EXPECT_EQ(r.requests[2].target, "/3");
}

TEST(RequestParser, ChunkedBodyIsDecoded) {
    auto r = parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer-X: y\r\n\r\n",
                   3);
    ASSERT_EQ(r.requests.size(), 1u);
    EXPECT_TRUE(r.requests[0].chunked);
    EXPECT_EQ(r.requests[0].body, "hello world");
}

TEST(RequestParser, Http10DefaultsToClose) {
    auto r = parse("GET / HTTP/1.0\r\n\r\n");
    ASSERT_EQ(r.requests.size(), 1u);
    EXPECT_FALSE(r.requests[0].keep_alive);
    EXPECT_EQ(r.requests[0].version_minor, 0);
    auto k = parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    ASSERT_EQ(k.requests.size(), 1u);
    EXPECT_TRUE(k.requests[0].keep_alive);
}

TEST(RequestParser, ConnectionCloseIsHonoured) {
    auto r = parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    ASSERT_EQ(r.requests.size(), 1u);
    EXPECT_FALSE(r.requests[0].keep_alive);
}

TEST(RequestParser, ContentLengthWithTransferEncodingIsRejected) {
    auto r = parse(
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    EXPECT_TRUE(r.requests.empty());
    EXPECT_EQ(r.error_status, 400);
}

TEST(RequestParser, TwoDifferentContentLengthsAreRejected) {
    auto r = parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!");
    EXPECT_TRUE(r.requests.empty());
    EXPECT_EQ(r.error_status, 400);
}

TEST(RequestParser, MalformedRequestLineIs400) {
    for (const char* in : {"GARBAGE\r\n\r\n", "GET / HTTP/x.y\r\n\r\n", "GET  HTTP/1.1\r\n\r\n",
                           "GET / HTTP/1.1\r\nBad Header\r\n\r\n", "\x01\x02\x03 / HTTP/1.1\r\n\r\n"}) {
        auto r = parse(in);
        EXPECT_TRUE(r.requests.empty()) << in;
        EXPECT_EQ(r.error_status, 400) << in;
        EXPECT_FALSE(r.error_reason.empty());
    }
}

TEST(RequestParser, InvalidChunkSizeIs400) {
    auto r =
        parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
    EXPECT_EQ(r.error_status, 400);
}

TEST(RequestParser, MissingHostOnHttp11Is400) {
    auto r = parse("GET / HTTP/1.1\r\n\r\n");
    EXPECT_EQ(r.error_status, 400);
    auto twice = parse("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
    EXPECT_EQ(twice.error_status, 400);
}

TEST(RequestParser, HeaderBlockOverTheLimitIs431) {
    ParserLimits lim;
    lim.max_header_bytes = 1024;
    const std::string big(2000, 'a');
    auto r = parse("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + big + "\r\n\r\n", 100, lim);
    EXPECT_EQ(r.error_status, 431);
    auto url = parse("GET /" + big + " HTTP/1.1\r\nHost: h\r\n\r\n", 0, lim);
    EXPECT_EQ(url.error_status, 431);
    auto many = std::string("GET / HTTP/1.1\r\nHost: h\r\n");
    for (int i = 0; i < 200; ++i)
        many += "X-" + std::to_string(i) + ": v\r\n";
    EXPECT_EQ(parse(many + "\r\n", 0, lim).error_status, 431);
}

TEST(RequestParser, HeaderBlockJustUnderTheLimitPasses) {
    ParserLimits lim;
    lim.max_header_bytes = 1024;
    auto r = parse("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(900, 'a') + "\r\n\r\n", 0, lim);
    EXPECT_EQ(r.requests.size(), 1u);
}

TEST(RequestParser, DeclaredBodyOverTheLimitIs413BeforeTheBody) {
    ParserLimits lim;
    lim.max_body_bytes = 10;
    auto r = parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", 0, lim);
    EXPECT_EQ(r.error_status, 413);
    auto ok = parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789", 0, lim);
    ASSERT_EQ(ok.requests.size(), 1u);
}

TEST(RequestParser, ChunkedBodyOverTheLimitIs413) {
    ParserLimits lim;
    lim.max_body_bytes = 10;
    auto r = parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
                   "chunked\r\n\r\n8\r\n01234567\r\n8\r\n01234567\r\n0\r\n\r\n",
                   4, lim);
    EXPECT_EQ(r.error_status, 413);
}

TEST(RequestParser, ExpectContinuePausesAfterHeaders) {
    auto r = parse("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok");
    EXPECT_TRUE(r.paused_for_continue);
    ASSERT_EQ(r.requests.size(), 1u);
    EXPECT_EQ(r.requests[0].body, "ok");
}

TEST(RequestParser, UnknownExpectationIs417) {
    auto r = parse("POST / HTTP/1.1\r\nHost: h\r\nExpect: teapot\r\nContent-Length: 2\r\n\r\nok");
    EXPECT_EQ(r.error_status, 417);
}

TEST(RequestParser, OtherHttpVersionsAre505) {
    auto r = parse("GET / HTTP/2.0\r\nHost: h\r\n\r\n");
    EXPECT_EQ(r.error_status, 505);
}

TEST(RequestParser, HeadRequestHasNoBody) {
    auto r = parse("HEAD / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");
    ASSERT_EQ(r.requests.size(), 2u);
    EXPECT_TRUE(r.requests[0].head());
}

TEST(RequestParser, UpgradeRequestIsCompleteAndNotKeptAlive) {
    auto r = parse("GET /ws HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
    ASSERT_EQ(r.requests.size(), 1u);
    EXPECT_TRUE(r.requests[0].upgrade);
    EXPECT_FALSE(r.requests[0].keep_alive);
}

TEST(RequestParser, ConnectIsRejected) {
    auto r = parse("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
    EXPECT_EQ(r.error_status, 405);
}

TEST(RequestParser, EofCompletesNothingWhenIdle) {
    RequestParser p({});
    EXPECT_EQ(p.finish(), RequestParser::Event::need_more);
}

TEST(RequestParser, EofInTheMiddleOfABodyIsAnError) {
    RequestParser p({});
    const std::string in = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc";
    std::size_t used = 0;
    EXPECT_EQ(p.feed(in.data(), in.size(), used), RequestParser::Event::need_more);
    EXPECT_EQ(p.finish(), RequestParser::Event::error);
}

} // namespace
} // namespace rr::http
