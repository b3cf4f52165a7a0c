// The HTTP/1 request parser wrapper fed in random chunkings, as a connection feeds it: bytes not
// consumed are fed again with the next chunk.
#include "goridge-compat/http1_parser.hpp"

#include <fuzzer/FuzzedDataProvider.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    rr::http::RequestParser parser(rr::http::ParserLimits{in.ConsumeIntegralInRange<std::size_t>(16, 1 << 16),
                                                          in.ConsumeIntegralInRange<uint64_t>(0, 1 << 20)});
    std::string pending;
    int requests = 0;
    while (in.remaining_bytes() > 0 && requests < 64) {
        pending += in.ConsumeRandomLengthString(512);
        for (;;) {
            std::size_t consumed = 0;
            const auto ev = parser.feed(pending.data(), pending.size(), consumed);
            if (consumed > pending.size()) {
                __builtin_trap();
            }
            pending.erase(0, consumed);
            if (ev == rr::http::RequestParser::Event::error) {
                return 0;
            }
            if (ev == rr::http::RequestParser::Event::message_complete) {
                (void)parser.take();
                ++requests;
                continue;
            }
            if (ev == rr::http::RequestParser::Event::headers_complete) {
                continue;
            }
            break; // need_more
        }
    }
    (void)parser.finish();
    return 0;
}
