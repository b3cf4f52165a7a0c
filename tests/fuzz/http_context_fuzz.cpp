// The RoadRunner HTTP contexts: request and response JSON, response protobuf, cookie headers; what
// decodes must encode again to JSON that decodes to the same request.
#include "goridge-compat/http_context.hpp"
#include "goridge-compat/http_proto.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    const int what = in.ConsumeIntegralInRange(0, 3);
    const std::string text = in.ConsumeRemainingBytesAsString();
    std::string error;
    switch (what) {
    case 0:
        if (auto req = rr::goridge::decode_request_json(text, error)) {
            for (auto mode : {rr::goridge::Utf8::keep, rr::goridge::Utf8::replace}) {
                auto again = rr::goridge::decode_request_json(rr::goridge::encode_json(*req, mode), error);
                if (!again || again->method.size() != req->method.size()) {
                    std::abort(); // what decoded must survive its own encoding
                }
            }
        }
        break;
    case 1:
        if (auto resp = rr::goridge::decode_response_json(text, error)) {
            (void)rr::goridge::encode_json(*resp);
        }
        break;
    case 2:
        (void)rr::goridge::decode_response_proto(text, error);
        break;
    default: {
        std::vector<std::pair<std::string, std::string>> cookies;
        rr::goridge::parse_cookie_header(text, cookies);
        rr::goridge::HttpRequestContext ctx;
        ctx.cookies = cookies;
        (void)rr::goridge::encode_json(ctx, rr::goridge::Utf8::replace);
        (void)rr::goridge::canonical_header_key(text);
    }
    }
    return 0;
}
