#include "goridge_transport.hpp"

#include "goridge-compat/control.hpp"
#include "goridge-compat/frame.hpp"
#include "sapi/worker_log.hpp"

#include <cstdio>
#include <span>
#include <unistd.h>

namespace rr::sapi {

WaitResult GoridgeTransport::next(HttpRequest& r) {
    WorkerState& w = worker_state();
    goridge::Frame f;
    for (;;) {
        switch (channel_.read(f)) {
        case Channel::ReadResult::eof:
            return WaitResult::stop;
        case Channel::ReadResult::error:
            log_line("cannot read from the server", channel_.error_text());
            return WaitResult::stop;
        case Channel::ReadResult::frame:
            break;
        }
        if (f.has(goridge::flag::kControl)) {
            const auto cmd = goridge::parse_control(f.payload);
            if (cmd.stop) {
                return WaitResult::stop;
            }
            if (cmd.pid > 0) {
                const std::string reply = goridge::encode(
                    goridge::flag::kControl, 0, {},
                    goridge::pid_payload(static_cast<int64_t>(getpid()), w.offers != nullptr));
                if (!channel_.write(reply)) {
                    return WaitResult::stop;
                }
                continue;
            }
            log_line("unexpected control frame", f.payload);
            return WaitResult::stop;
        }
        if ((f.stream & (goridge::stream::kStop | goridge::stream::kPong)) != 0) {
            continue; // a stream signal that arrived after its stream ended
        }
        const uint64_t seq = ++w.jobs_read;
        if (w.offers != nullptr && !offer::claim(*w.offers, seq)) {
            continue; // an offered job the master gave to another worker
        }
        if (f.options.size() != 1 || f.options[0] > f.payload.size()) {
            log_line("malformed job frame", "expected one option holding the context length");
            return WaitResult::stop;
        }
        std::string error;
        auto ctx = goridge::decode_request_json(std::string_view(f.payload).substr(0, f.options[0]), error);
        if (!ctx) {
            log_line("malformed request context", error);
            return WaitResult::stop;
        }
        r.ctx = std::move(*ctx);
        r.seq = seq;
        r.body = f.payload.substr(f.options[0]);
        return WaitResult::request;
    }
}

bool GoridgeTransport::send(HttpRequest& r, Part part) {
    std::string context;
    if (!r.streamed) {
        goridge::HttpResponseContext rc;
        rc.status = r.status;
        rc.headers = std::move(r.headers);
        context = goridge::encode_json(rc);
    }
    const uint8_t bits = part == Part::chunk  ? goridge::stream::kStream
                         : part == Part::done ? goridge::stream::kStream | goridge::stream::kResponseDone
                                              : 0;
    const uint32_t opt = static_cast<uint32_t>(context.size());
    uint8_t hdr[goridge::kMaxHeaderSize];
    const std::size_t hl =
        goridge::encode_header(hdr, goridge::flag::kCodecJson, bits, std::span<const uint32_t>(&opt, 1),
                               static_cast<uint32_t>(context.size() + r.out.size()));
    context.insert(0, reinterpret_cast<const char*>(hdr), hl);
    return channel_.write2(context, r.out);
}

bool GoridgeTransport::interim(HttpRequest&, int status, const goridge::HeaderList& headers) {
    goridge::HttpResponseContext rc;
    rc.status = status;
    rc.headers = headers;
    const std::string context = goridge::encode_json(rc);
    const std::string frame =
        goridge::encode(goridge::flag::kCodecJson, goridge::stream::kStream,
                        std::array<uint32_t, 1>{static_cast<uint32_t>(context.size())}, context);
    return channel_.write(frame);
}

} // namespace rr::sapi
