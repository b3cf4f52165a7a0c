#include "server/http/fcgi_protocol.hpp"
#include "server/http/fcgi_request.hpp"

#include <gtest/gtest.h>

namespace rr::http {
namespace {

std::string params(const std::vector<std::pair<std::string, std::string>>& list) {
    std::string out;
    for (const auto& [n, v] : list) {
        fcgi::append_pair(out, n, v);
    }
    return out;
}

TEST(Fcgi, PairsRoundTripShortAndLongLengths) {
    const std::string long_value(300, 'v');
    const std::string bytes = params({{"A", "1"}, {"LONG", long_value}, {"", ""}});
    const auto back = fcgi::parse_pairs(bytes);
    ASSERT_TRUE(back);
    ASSERT_EQ(back->size(), 3u);
    EXPECT_EQ((*back)[1].second, long_value);
    // Lengths that run past the bytes are refused, never read beyond.
    for (std::size_t cut = 1; cut < bytes.size(); ++cut) {
        const auto partial = fcgi::parse_pairs(std::string_view(bytes).substr(0, cut));
        if (partial) {
            for (const auto& [n, v] : *partial) {
                EXPECT_LE(n.size() + v.size(), cut);
            }
        }
    }
    EXPECT_FALSE(fcgi::parse_pairs(std::string("\x80\x00\x00\x10\x01", 5)));
}

TEST(Fcgi, RecordsSplitAt65535AndEndRequestLayout) {
    std::string out;
    fcgi::append_records(out, fcgi::kStdout, 7, std::string(70000, 'x'));
    const fcgi::Header first = fcgi::parse_header(out);
    EXPECT_EQ(first.type, fcgi::kStdout);
    EXPECT_EQ(first.request_id, 7);
    EXPECT_EQ(first.content_length, 65535);
    const fcgi::Header second = fcgi::parse_header(std::string_view(out).substr(8 + 65535));
    EXPECT_EQ(second.content_length, 70000 - 65535);
    std::string empty;
    fcgi::append_records(empty, fcgi::kStdout, 1, {});
    EXPECT_EQ(empty.size(), 8u); // the end-of-stream marker
    std::string end;
    fcgi::append_end_request(end, 258, 0, fcgi::kCantMpxConn);
    ASSERT_EQ(end.size(), 16u);
    EXPECT_EQ(fcgi::parse_header(end).type, fcgi::kEndRequest);
    EXPECT_EQ(fcgi::parse_header(end).request_id, 258);
    EXPECT_EQ(end[12], fcgi::kCantMpxConn);
}

TEST(Fcgi, ParamsBecomeTheRequest) {
    Request req;
    ConnectionInfo info;
    std::string error;
    ASSERT_TRUE(fcgi_to_request(params({{"REQUEST_METHOD", "POST"},
                                        {"REQUEST_URI", "/a/b?x=1"},
                                        {"SERVER_PROTOCOL", "HTTP/1.0"},
                                        {"HTTP_ACCEPT_LANGUAGE", "fr"},
                                        {"HTTP_HOST", "example.com"},
                                        {"HTTP_PROXY", "http://evil"},
                                        {"CONTENT_TYPE", "text/plain"},
                                        {"CONTENT_LENGTH", ""},
                                        {"REMOTE_ADDR", "203.0.113.9"},
                                        {"REMOTE_PORT", "99999"},
                                        {"SERVER_PORT", "443"},
                                        {"HTTPS", "on"},
                                        {"DOCUMENT_ROOT", "/srv"}}),
                                "body", req, info, error))
        << error;
    EXPECT_EQ(req.method, "POST");
    EXPECT_EQ(req.target, "/a/b?x=1");
    EXPECT_EQ(req.version_minor, 0);
    EXPECT_EQ(req.header("Accept-Language"), "fr");
    EXPECT_EQ(req.header("Host"), "example.com");
    EXPECT_EQ(req.header("Proxy"), "");          // httpoxy
    EXPECT_EQ(req.header("Content-Length"), ""); // empty: not a header
    EXPECT_EQ(req.header("Content-Type"), "text/plain");
    EXPECT_EQ(req.body, "body");
    EXPECT_EQ(info.remote_ip, "203.0.113.9");
    EXPECT_EQ(info.remote_port, 0); // out of range
    EXPECT_EQ(info.local_port, 443);
    EXPECT_TRUE(info.tls);
    bool root = false;
    for (const auto& [n, v] : info.server_vars) {
        root = root || (n == "DOCUMENT_ROOT" && v == "/srv");
        EXPECT_FALSE(n.starts_with("HTTP_")) << n;
    }
    EXPECT_TRUE(root);
}

TEST(Fcgi, TargetFromScriptNameAndRefusals) {
    Request req;
    ConnectionInfo info;
    std::string error;
    ASSERT_TRUE(fcgi_to_request(params({{"SCRIPT_NAME", "/index.php"},
                                        {"PATH_INFO", "/x"},
                                        {"QUERY_STRING", "q=1"},
                                        {"HTTPS", "off"},
                                        {"SERVER_NAME", "host.example"}}),
                                "", req, info, error));
    EXPECT_EQ(req.method, "GET");
    EXPECT_EQ(req.target, "/index.php/x?q=1");
    EXPECT_FALSE(info.tls);
    EXPECT_EQ(req.header("Host"), "host.example");
    Request r2;
    EXPECT_FALSE(fcgi_to_request(params({{"REQUEST_URI", "no-slash"}}), "", r2, info, error));
    Request r3;
    EXPECT_FALSE(fcgi_to_request(std::string("\x05\x01"
                                             "AB",
                                             4),
                                 "", r3, info, error));
}

} // namespace
} // namespace rr::http
