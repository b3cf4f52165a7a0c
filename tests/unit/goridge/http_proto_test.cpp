#include "goridge-compat/http_proto.hpp"

#include "http.pb.h"

#include <gtest/gtest.h>

namespace rr::goridge {
namespace {

std::string unhex(std::string_view hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
    }
    return out;
}

TEST(HttpProto, RequestMatchesTheSpecExample) {
    // PROTOCOL.md §3.2: GET http://localhost/x?a=1 from 127.0.0.1 with Accept: */*.
    HttpRequestContext ctx;
    ctx.remote_addr = "127.0.0.1";
    ctx.protocol = "HTTP/1.1";
    ctx.method = "GET";
    ctx.uri = "http://localhost/x?a=1";
    add_header(ctx.headers, "Accept", "*/*");
    ctx.raw_query = "a=1";
    EXPECT_EQ(encode_request_proto(ctx),
              unhex("0a093132372e302e302e311208485454502f312e311a034745542216687474703a2f2f6c6f"
                    "63616c686f73742f783f613d312a0f0a0641636365707412050a032a2f2a3a03613d31"));
}

TEST(HttpProto, RequestCarriesConnectionAttributesBesideItsOwn) {
    HttpRequestContext ctx;
    ctx.method = "GET";
    ctx.attributes = {{"rr-php.script_name", {"/index.php"}}};
    ctx.connection_attributes = std::make_shared<const HeaderList>(HeaderList{{"SSL_PROTOCOL", {"TLSv1.3"}}});
    http::v1::Request r;
    ASSERT_TRUE(r.ParseFromString(encode_request_proto(ctx)));
    ASSERT_EQ(r.attributes().size(), 2u);
    EXPECT_EQ(r.attributes().at("rr-php.script_name").value(0), "/index.php");
    EXPECT_EQ(r.attributes().at("SSL_PROTOCOL").value(0), "TLSv1.3");
}

TEST(HttpProto, ResponseDecodesTheSpecExample) {
    const std::string bytes = unhex("08c801121c0a0c436f6e74656e742d54797065120c0a0a746578742f706c61696e");
    std::string error;
    const auto rc = decode_response_proto(bytes, error);
    ASSERT_TRUE(rc) << error;
    EXPECT_EQ(rc->status, 200);
    ASSERT_EQ(rc->headers.size(), 1u);
    EXPECT_EQ(rc->headers[0].first, "Content-Type");
    EXPECT_EQ(rc->headers[0].second, std::vector<std::string>{"text/plain"});
    EXPECT_FALSE(decode_response_proto("\xff\xff\xff", error));
    EXPECT_NE(error.find("not a protobuf http.v1.Response"), std::string::npos);
}

} // namespace
} // namespace rr::goridge
