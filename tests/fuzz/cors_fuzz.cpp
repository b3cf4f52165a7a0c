// CORS: origin lists with wildcards, the origin regex (RE2), preflight headers and methods.
#include "server/http/cors.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    rr::config::HttpConfig::Cors cfg;
    cfg.enabled = true;
    cfg.allowed_origin = in.ConsumeRandomLengthString(128);
    cfg.allowed_origin_regex = in.ConsumeRandomLengthString(64);
    cfg.allowed_headers = in.ConsumeRandomLengthString(64);
    cfg.allowed_methods = in.ConsumeRandomLengthString(64);
    cfg.allow_credentials = in.ConsumeBool();
    try {
        const rr::http::Cors cors(cfg);
        rr::http::Request req;
        req.method = in.ConsumeBool() ? "OPTIONS" : "GET";
        req.headers.emplace_back("Origin", in.ConsumeRandomLengthString(2048));
        req.headers.emplace_back("Access-Control-Request-Method", in.ConsumeRandomLengthString(32));
        req.headers.emplace_back("Access-Control-Request-Headers", in.ConsumeRemainingBytesAsString());
        rr::goridge::HeaderList out;
        if (rr::http::Cors::is_preflight(req)) {
            (void)cors.preflight(req, out);
        } else {
            cors.actual(req, out);
        }
    } catch (const std::exception&) {
        // a config the loader would have refused (an invalid regex)
    }
    return 0;
}
