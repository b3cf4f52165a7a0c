// goridge frames: the decoder fed the input in chunks whose sizes come from the input itself.
#include "goridge-compat/control.hpp"
#include "goridge-compat/frame.hpp"

#include <fuzzer/FuzzedDataProvider.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    rr::goridge::FrameDecoder decoder(in.ConsumeIntegralInRange<uint32_t>(0, 1u << 20));
    rr::goridge::Frame f;
    while (in.remaining_bytes() > 0) {
        const std::string chunk = in.ConsumeRandomLengthString(4096);
        decoder.feed(chunk);
        for (;;) {
            const auto r = decoder.next(f);
            if (r != rr::goridge::FrameDecoder::Result::frame) {
                if (r == rr::goridge::FrameDecoder::Result::error) {
                    return 0;
                }
                break;
            }
            (void)rr::goridge::parse_control(f.payload);
            if (!f.options.empty() && f.options[0] <= f.payload.size()) {
                (void)rr::goridge::is_stop_reply(std::string_view(f.payload).substr(0, f.options[0]),
                                                 std::string_view(f.payload).substr(f.options[0]));
            }
        }
    }
    return 0;
}
