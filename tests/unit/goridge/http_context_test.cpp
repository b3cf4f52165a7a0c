#include "goridge-compat/http_context.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace rr::goridge {
namespace {
namespace json = boost::json;

TEST(HttpContext, RequestJsonHasRoadRunnerShape) {
    HttpRequestContext c;
    c.remote_addr = "127.0.0.1";
    c.protocol = "HTTP/1.1";
    c.method = "POST";
    c.uri = "http://localhost:8080/upload?x=1";
    c.headers = {{"Content-Type", {"text/plain"}}, {"X-Multi", {"a", "b"}}};
    c.cookies = {{"sid", "abc"}};
    c.raw_query = "x=1";
    const json::value v = json::parse(encode_json(c));
    const auto& o = v.as_object();
    EXPECT_EQ(o.at("remoteAddr").as_string(), "127.0.0.1");
    EXPECT_EQ(o.at("protocol").as_string(), "HTTP/1.1");
    EXPECT_EQ(o.at("method").as_string(), "POST");
    EXPECT_EQ(o.at("uri").as_string(), "http://localhost:8080/upload?x=1");
    EXPECT_EQ(o.at("headers").at("X-Multi").as_array().size(), 2u);
    EXPECT_EQ(o.at("cookies").at("sid").as_string(), "abc");
    EXPECT_EQ(o.at("rawQuery").as_string(), "x=1");
    EXPECT_FALSE(o.at("parsed").as_bool());
    EXPECT_TRUE(o.at("uploads").is_null());
    EXPECT_TRUE(o.at("attributes").is_object());
}

TEST(HttpContext, RequestRoundTripKeepsRrPhpExtras) {
    HttpRequestContext c;
    c.method = "GET";
    c.uri = "https://h/";
    c.remote_port = 5555;
    c.server_addr = "10.0.0.1";
    c.server_port = 8443;
    c.tls = true;
    c.uploads = R"({"file":{"name":"a.txt","size":3}})";
    std::string err;
    auto back = decode_request_json(encode_json(c), err);
    ASSERT_TRUE(back) << err;
    EXPECT_EQ(back->remote_port, 5555);
    EXPECT_EQ(back->server_addr, "10.0.0.1");
    EXPECT_EQ(back->server_port, 8443);
    EXPECT_TRUE(back->tls);
    EXPECT_EQ(json::parse(back->uploads), json::parse(c.uploads));
}

// A connection's attributes (its TLS handshake's) are shared, not copied into each request; they
// are encoded in the same "attributes" object, after the request's own, and decode into it.
TEST(HttpContext, ConnectionAttributesEncodeWithTheRequestsOwn) {
    const auto shared = std::make_shared<const HeaderList>(
        HeaderList{{"SSL_PROTOCOL", {"TLSv1.3"}}, {"rr-php.server_vars", {"SSL_PROTOCOL"}}});
    HttpRequestContext c;
    c.method = "GET";
    c.uri = "https://localhost/";
    c.connection_attributes = shared;
    std::string error;
    auto only_shared = decode_request_json(encode_json(c), error);
    ASSERT_TRUE(only_shared) << error;
    EXPECT_EQ(only_shared->attributes, *shared);
    c.attributes = {{"rr-php.script_name", {"/index.php"}}};
    const auto both = decode_request_json(encode_json(c), error);
    ASSERT_TRUE(both) << error;
    ASSERT_EQ(both->attributes.size(), 3u);
    EXPECT_EQ(both->attributes[0].first, "rr-php.script_name");
    EXPECT_EQ(both->attributes[1], (*shared)[0]);
    EXPECT_EQ(both->attributes[2], (*shared)[1]);
    EXPECT_FALSE(both->connection_attributes);
}

TEST(HttpContext, ResponseDecodesStatusAndMultiValuedHeaders) {
    std::string err;
    auto r = decode_response_json(R"({"status":201,"headers":{"Set-Cookie":["a=1","b=2"],"X":["y"]}})", err);
    ASSERT_TRUE(r) << err;
    EXPECT_EQ(r->status, 201);
    ASSERT_EQ(r->headers.size(), 2u);
    EXPECT_EQ(r->headers[0].first, "Set-Cookie");
    EXPECT_EQ(r->headers[0].second, (HeaderValues{"a=1", "b=2"}));
}

TEST(HttpContext, ResponseAcceptsEmptyHeaderForms) {
    std::string err;
    for (const char* text :
         {R"({"status":200,"headers":[]})", R"({"status":200,"headers":null})", R"({"status":200})"}) {
        auto r = decode_response_json(text, err);
        ASSERT_TRUE(r) << text;
        EXPECT_TRUE(r->headers.empty());
    }
}

TEST(HttpContext, MalformedResponsesAreErrorsWithAReason) {
    std::string err;
    EXPECT_FALSE(decode_response_json("not json", err));
    EXPECT_FALSE(err.empty());
    EXPECT_FALSE(decode_response_json("[]", err));
    EXPECT_FALSE(decode_response_json(R"({"status":200,"headers":{"X":{"a":1}}})", err));
}

TEST(HttpContext, CanonicalHeaderKeysFollowGo) {
    EXPECT_EQ(canonical_header_key("content-type"), "Content-Type");
    EXPECT_EQ(canonical_header_key("X-FORWARDED-FOR"), "X-Forwarded-For");
    EXPECT_EQ(canonical_header_key("accept"), "Accept");
    EXPECT_EQ(canonical_header_key("x_custom"), "X_custom");
    EXPECT_EQ(canonical_header_key("bad header"), "bad header");
}

TEST(HttpContext, CookiesAreSplitAndUnescaped) {
    std::vector<std::pair<std::string, std::string>> out;
    parse_cookie_header("a=1; b=hello%20world; c=x+y; bad=%zz; d=\"quoted\"", out);
    ASSERT_EQ(out.size(), 4u);
    EXPECT_EQ(out[0], (std::pair<std::string, std::string>{"a", "1"}));
    EXPECT_EQ(out[1].second, "hello world");
    EXPECT_EQ(out[2].second, "x y");
    EXPECT_EQ(out[3], (std::pair<std::string, std::string>{"d", "quoted"}));
}

TEST(HttpContext, TruncatedPercentEscapeDropsTheCookie) {
    std::vector<std::pair<std::string, std::string>> out;
    parse_cookie_header("a=%4; b=%", out);
    EXPECT_TRUE(out.empty());
}

} // namespace
} // namespace rr::goridge

namespace rr::goridge {
namespace {

std::string quoted(std::string_view s, Utf8 mode) {
    std::string out;
    append_json_string(out, s, mode);
    return out;
}

TEST(JsonStrings, EscapesQuotesBackslashesAndControlCharacters) {
    EXPECT_EQ(quoted("plain", Utf8::keep), "\"plain\"");
    EXPECT_EQ(quoted("a\"b\\c", Utf8::keep), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(quoted("line\nbreak\ttab\r", Utf8::keep), "\"line\\nbreak\\ttab\\r\"");
    EXPECT_EQ(quoted(std::string("nul\0x\x1f", 6), Utf8::keep), "\"nul\\u0000x\\u001f\"");
}

TEST(JsonStrings, ValidUtf8IsKeptInBothModes) {
    const std::string s = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80";
    EXPECT_EQ(quoted(s, Utf8::keep), "\"" + s + "\"");
    EXPECT_EQ(quoted(s, Utf8::replace), "\"" + s + "\"");
}

TEST(JsonStrings, InvalidUtf8IsKeptOrReplaced) {
    const std::string latin1 = "caf\xe9";
    EXPECT_EQ(quoted(latin1, Utf8::keep), "\"caf\xe9\"");
    EXPECT_EQ(quoted(latin1, Utf8::replace), "\"caf\xef\xbf\xbd\"");
    // Truncated, overlong, surrogate and out-of-range sequences.
    for (const std::string& bad : {std::string("\xc3"), std::string("\xc0\xaf"), std::string("\xed\xa0\x80"),
                                   std::string("\xf5\x80\x80\x80"), std::string("\xe2\x82")}) {
        const std::string q = quoted("x" + bad + "y", Utf8::replace);
        EXPECT_EQ(q.find(bad), std::string::npos) << q;
        EXPECT_NE(q.find("\xef\xbf\xbd"), std::string::npos) << q;
        boost::system::error_code ec;
        boost::json::parse(q, ec); // strict: replace mode must yield valid JSON
        EXPECT_FALSE(ec) << q;
    }
}

TEST(HttpContext, RawBytesSurviveTheRoundTrip) {
    HttpRequestContext c;
    c.method = "GET";
    c.uri = "http://h/";
    c.headers = {{"X-Latin", {"caf\xe9\xff"}}};
    c.cookies = {{"c", "\xc3\x28"}};
    std::string err;
    auto back = decode_request_json(encode_json(c), err);
    ASSERT_TRUE(back) << err;
    EXPECT_EQ(back->headers[0].second[0], "caf\xe9\xff");
    EXPECT_EQ(back->cookies[0].second, "\xc3\x28");
    auto resp = decode_response_json(encode_json(HttpResponseContext{200, {{"X", {"\xff"}}}}), err);
    ASSERT_TRUE(resp) << err;
    EXPECT_EQ(resp->headers[0].second[0], "\xff");
}

TEST(HttpContext, ReplaceModeYieldsStrictlyValidJson) {
    HttpRequestContext c;
    c.uri = "http://h/\xff";
    c.headers = {{"X-Latin", {"caf\xe9"}}};
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(encode_json(c, Utf8::replace), ec);
    ASSERT_FALSE(ec);
    // Each invalid byte became U+FFFD; valid text is unchanged.
    EXPECT_EQ(v.at("uri").as_string(), "http://h/\xef\xbf\xbd");
    EXPECT_EQ(v.at("headers").at("X-Latin").at(0).as_string(), "caf\xef\xbf\xbd");
}

TEST(HttpContext, NumbersOutOfRangeAreRefusedNotConverted) {
    std::string err;
    // 1e19 does not fit an int64: converting it unchecked is undefined behaviour.
    for (const char* status : {"1e19", "-1e19", "1e300", "200.5", "18446744073709551615", "-5", "1000"}) {
        auto r = decode_response_json(std::string("{\"status\":") + status + ",\"headers\":{}}", err);
        ASSERT_TRUE(r) << status << ": " << err;
        EXPECT_EQ(r->status, 0) << status; // no status: the server answers 500 for it
    }
    auto ok = decode_response_json("{\"status\":2.01e2,\"headers\":{}}", err);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 201);
    auto req = decode_request_json(
        "{\"remoteAddr\":\"1.2.3.4\",\"protocol\":\"HTTP/1.1\",\"method\":\"GET\",\"uri\":\"/\","
        "\"headers\":{},\"remotePort\":1e19,\"serverPort\":70000}",
        err);
    ASSERT_TRUE(req) << err;
    EXPECT_EQ(req->remote_port, 0);
    EXPECT_EQ(req->server_port, 0);
}

TEST(HttpContext, UploadsMustBeATree) {
    // Found by fuzzing: a number as "uploads" was kept and could not be encoded and read again.
    std::string err;
    const std::string head =
        R"({"remoteAddr":"1.2.3.4","protocol":"HTTP/1.1","method":"POST","uri":"/","headers":{},)";
    for (const char* uploads : {"8888888833000000000E2555702", "\"text\"", "true"}) {
        auto req = decode_request_json(head + "\"uploads\":" + uploads + "}", err);
        ASSERT_TRUE(req) << err;
        EXPECT_TRUE(req->uploads.empty()) << uploads;
        EXPECT_TRUE(decode_request_json(encode_json(*req), err)) << uploads << ": " << err;
    }
    auto tree = decode_request_json(head + R"("uploads":{"f":{"name":"a.txt"}}})", err);
    ASSERT_TRUE(tree) << err;
    EXPECT_EQ(tree->uploads, R"({"f":{"name":"a.txt"}})");
}

TEST(HttpContext, CookieNamesAreTokensAndUnique) {
    std::vector<std::pair<std::string, std::string>> c;
    // Two names with invalid UTF-8 would both become "\uFFFD" keys; a name with a space is no token.
    parse_cookie_header("\xff=a; \xfe=b; bad name=c; a=1; b=2; a=3", c);
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(c[0], (std::pair<std::string, std::string>{"a", "3"})); // the last one wins, as RR's map
    EXPECT_EQ(c[1], (std::pair<std::string, std::string>{"b", "2"}));
    HttpRequestContext ctx;
    ctx.cookies = c;
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(encode_json(ctx, Utf8::replace), ec);
    ASSERT_FALSE(ec);
    EXPECT_EQ(v.at("cookies").as_object().size(), 2u);
}

} // namespace
} // namespace rr::goridge
