#include "stdio_relay.hpp"

#include "goridge-compat/control.hpp"
#include "goridge-compat/http_proto.hpp"
#include "sapi/transport.hpp"
#include "sapi/worker_log.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <span>

namespace rr::sapi {

StdioRelay::~StdioRelay() {
    // The script ended (returned, exit(), a fatal error) while it owed an answer.
    fail_worker();
}

std::size_t StdioRelay::read(char* buf, std::size_t n) {
    while (head_pos_ >= head_.size() && body_pos_ >= body_.size()) {
        head_.clear();
        head_pos_ = 0;
        body_ = {};
        body_pos_ = 0;
        if (ended_) {
            return 0;
        }
        if (!pid_asked_) {
            pid_asked_ = true; // as the master does with every worker it starts
            head_ = goridge::encode_control(goridge::pid_payload(static_cast<int64_t>(::getppid())));
            break;
        }
        if (busy_) {
            // Nothing will come: a real pipe would leave the script waiting for good.
            log_line("the worker script read again without answering its request", "");
            fail_worker();
        }
        if (!take_request()) {
            head_ = goridge::encode_control(goridge::kStopPayload);
            ended_ = true;
        }
    }
    std::size_t given = 0;
    if (head_pos_ < head_.size()) {
        given = std::min(n, head_.size() - head_pos_);
        std::memcpy(buf, head_.data() + head_pos_, given);
        head_pos_ += given;
    }
    if (given < n && body_pos_ < body_.size()) {
        const std::size_t more = std::min(n - given, body_.size() - body_pos_);
        std::memcpy(buf + given, body_.data() + body_pos_, more);
        body_pos_ += more;
        given += more;
    }
    return given;
}

bool StdioRelay::take_request() {
    for (;;) {
        req_ = HttpRequest{};
        if (http_.next(req_) == WaitResult::stop) {
            return false;
        }
        busy_ = true;
        goridge::HttpRequestContext& ctx = req_.ctx;
        std::string_view content_type;
        for (const auto& [name, values] : ctx.headers) {
            if (name == "Content-Type" && !values.empty()) {
                content_type = values.front();
            }
        }
        form_ = goridge::prepare_form(ctx.method, content_type, req_.body, options_.forms, ctx);
        if (!form_.error.empty()) {
            log_line("the request's form cannot be parsed; answering 400", form_.error);
            fail(400, form_.error + "\n");
            continue;
        }
        const std::string context =
            options_.proto_context ? goridge::encode_request_proto(ctx) : goridge::encode_json(ctx);
        body_ = form_.replaced ? std::string_view(form_.body) : std::string_view(req_.body);
        const uint32_t opt = static_cast<uint32_t>(context.size());
        uint8_t hdr[goridge::kMaxHeaderSize];
        const std::size_t hl = goridge::encode_header(
            hdr, options_.proto_context ? goridge::flag::kCodecProto : goridge::flag::kCodecJson, 0,
            std::span<const uint32_t>(&opt, 1), static_cast<uint32_t>(context.size() + body_.size()));
        head_.reserve(hl + context.size());
        head_.append(reinterpret_cast<const char*>(hdr), hl);
        head_.append(context);
        return true;
    }
}

bool StdioRelay::write(std::string_view bytes) {
    if (broken_) {
        return false;
    }
    from_script_.feed(bytes);
    goridge::Frame f;
    for (;;) {
        switch (from_script_.next(f)) {
        case goridge::FrameDecoder::Result::need_more:
            return true;
        case goridge::FrameDecoder::Result::frame:
            on_frame(f);
            break;
        case goridge::FrameDecoder::Result::error: {
            const std::string_view garbage = from_script_.garbage();
            log_line("the worker script wrote bytes that are not a goridge frame on STDOUT; it ends",
                     std::string(goridge::describe(from_script_.error())) + ": " +
                         std::string(garbage.substr(0, 200)));
            fail_worker();
            broken_ = ended_ = true;
            return false;
        }
        }
    }
}

void StdioRelay::on_frame(goridge::Frame& f) {
    if (f.has(goridge::flag::kControl)) {
        return; // the answer to the PID request
    }
    if (!busy_) {
        if (!f.payload.empty()) { // (an empty frame: a stop acknowledgement)
            log_line("the worker script answered a request it did not have; dropped", "");
        }
        return;
    }
    if (stop_sent_) {
        finish(); // the acknowledgement of STOP (the client of the streamed answer left)
        return;
    }
    if (f.has(goridge::flag::kError)) {
        log_line("worker error", f.payload);
        fail_worker();
        return;
    }
    if (f.options.empty() || f.options[0] > f.payload.size()) {
        log_line("invalid response from the worker", "a reply frame needs the context's length");
        fail(500, "internal server error\n");
        return;
    }
    const std::string_view payload(f.payload);
    const std::string_view context = payload.substr(0, f.options[0]);
    const std::string_view body = payload.substr(f.options[0]);
    if (!f.streaming() && goridge::is_stop_reply(context, body)) {
        // Through the master the request would go to another worker; here only this one has it.
        log_line("the worker script stopped (Worker::stop()) before answering; answering 503", "");
        fail(503, "the worker stopped before answering; try again\n");
        ended_ = true;
        return;
    }
    std::string error;
    auto rc = f.has(goridge::flag::kCodecProto) ? goridge::decode_response_proto(context, error)
                                                : goridge::decode_response_json(context, error);
    if (rc && (rc->status < 100 || rc->status > 599)) {
        error = "unknown status code from worker: " + std::to_string(rc->status);
        rc.reset();
    }
    if (!rc) {
        log_line("invalid response from the worker", error);
        fail(500, "internal server error\n");
        return;
    }
    if (f.streaming()) {
        if (rc->status < 200) {
            if (!started_) {
                http_.interim(req_, rc->status, rc->headers); // 103 Early Hints
            }
        } else {
            if (!started_) {
                req_.status = rc->status;
                req_.headers = std::move(rc->headers);
                started_ = true;
            }
            req_.out.assign(body);
            http_.send(req_, Transport::Part::chunk);
            req_.out.clear();
        }
        if ((f.stream & goridge::stream::kPing) != 0) {
            // The script asks whether to go on: PONG, or STOP once the client has left.
            stop_sent_ = http_.client_gone(req_);
            signal(stop_sent_ ? goridge::stream::kStop : goridge::stream::kPong);
        }
        return;
    }
    if (!started_) {
        if (rc->status < 200) {
            log_line("invalid response from the worker", "it finished with an interim status only");
            fail(500, "internal server error\n");
            return;
        }
        req_.status = rc->status;
        req_.headers = std::move(rc->headers);
    }
    req_.out.assign(body);
    http_.send(req_, Transport::Part::last);
    finish();
    if ((f.stream & goridge::stream::kPing) != 0) {
        signal(goridge::stream::kPong); // (a final frame may ask too)
    }
}

void StdioRelay::signal(uint8_t bits) {
    head_ = goridge::encode_stream_signal(bits);
    head_pos_ = 0;
}

void StdioRelay::fail(int status, std::string_view text) {
    if (!busy_) {
        return;
    }
    if (!started_) {
        req_.status = status;
        req_.headers = {{"Content-Type", {"text/plain; charset=utf-8"}}};
        req_.out.assign(text);
        http_.send(req_, Transport::Part::last);
    }
    // (An answer that has begun is left unfinished: the connection closes, so the client can tell
    // it is incomplete.)
    finish();
}

void StdioRelay::fail_worker() {
    const int code = options_.internal_error_code;
    fail(code, code == 500 ? "internal server error\n" : "");
}

void StdioRelay::finish() {
    busy_ = started_ = stop_sent_ = false;
    req_.out.clear();
    req_.headers.clear();
    goridge::remove_temp_files(form_);
}

} // namespace rr::sapi
