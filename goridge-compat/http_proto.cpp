#include "http_proto.hpp"

#include "http.pb.h"

namespace rr::goridge {
namespace {

void put_header_map(google::protobuf::Map<std::string, http::v1::HeaderValue>& out, const HeaderList& in) {
    for (const auto& [name, values] : in) {
        auto& hv = out[name];
        for (const auto& v : values) {
            hv.add_value(v);
        }
    }
}

} // namespace

std::string encode_request_proto(const HttpRequestContext& ctx) {
    http::v1::Request r;
    r.set_remote_addr(ctx.remote_addr);
    r.set_protocol(ctx.protocol);
    r.set_method(ctx.method);
    r.set_uri(ctx.uri);
    put_header_map(*r.mutable_header(), ctx.headers);
    auto& cookies = *r.mutable_cookies();
    for (const auto& [name, value] : ctx.cookies) {
        cookies[name].add_value(value);
    }
    r.set_raw_query(ctx.raw_query);
    r.set_parsed(ctx.parsed);
    if (!ctx.uploads.empty()) {
        r.set_uploads(ctx.uploads);
    }
    put_header_map(*r.mutable_attributes(), ctx.attributes);
    if (ctx.connection_attributes) {
        put_header_map(*r.mutable_attributes(), *ctx.connection_attributes);
    }
    std::string out;
    r.SerializeToString(&out);
    return out;
}

std::optional<HttpResponseContext> decode_response_proto(std::string_view bytes, std::string& error) {
    http::v1::Response r;
    if (!r.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
        error = "the worker's reply is not a protobuf http.v1.Response";
        return std::nullopt;
    }
    HttpResponseContext rc;
    rc.status = static_cast<int>(r.status() < 0 || r.status() > 100000 ? 0 : r.status());
    for (const auto& [name, values] : r.headers()) {
        for (const auto& v : values.value()) {
            add_header(rc.headers, name, v);
        }
    }
    return rc;
}

} // namespace rr::goridge
