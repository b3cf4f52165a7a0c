#include "stdio_relay.hpp"

#include "goridge-compat/control.hpp"
#include "goridge-compat/http_proto.hpp"
#include "sapi/direct_http.hpp"
#include "sapi/execution_timer.hpp"
#include "sapi/worker_log.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
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
    while (!buffered()) {
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
        execution_timer().worker_idle();
        const bool got = take_request();
        execution_timer().worker_active();
        if (got) {
            execution_timer().request_started(); // max_execution_time, per request
        } else {
            leave();
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
    update_readiness();
    return given;
}

void StdioRelay::leave() {
    head_ = goridge::encode_control(goridge::kStopPayload); // then EOF
    head_pos_ = 0;
    ended_ = true;
}

bool StdioRelay::take_request() {
    for (;;) {
        req_ = HttpRequest{};
        if (http_.next(req_) == WaitResult::stop) {
            return false;
        }
        busy_ = true;
        goridge::HttpRequestContext& ctx = req_.ctx;
        const auto* type = find_header(ctx.headers, "Content-Type");
        const std::string_view content_type =
            type != nullptr && !type->empty() ? std::string_view(type->front()) : "";
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
    if (ended_) {
        return false; // (the stop frame was sent, or the script broke the protocol)
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
            head_.clear();
            head_pos_ = 0;
            body_ = {};
            ended_ = true; // EOF next, as on a pipe the master closed
            update_readiness();
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
        if (!f.streaming()) {
            finish(); // the acknowledgement of STOP (the client of the streamed answer left)
        }
        return; // (frames the script had written before it read the STOP)
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
        leave(); // RoadRunner answers with the stop frame too
        update_readiness();
        return;
    }
    const bool ping = (f.stream & goridge::stream::kPing) != 0;
    if (started_) {
        // Later frames of a streamed answer: only their bodies count (roadrunner-http before 3.5
        // sends status and headers with the first frame only, and ends a failed stream with an
        // empty context), as the master reads them.
        req_.out.assign(body);
        answer_part(f.streaming(), ping);
        return;
    }
    std::string error;
    auto rc = f.has(goridge::flag::kCodecProto) ? goridge::decode_response_proto(context, error)
                                                : goridge::decode_response_json(context, error);
    const int status = rc ? rc->status : 0;
    if (rc && (status < 100 || status > 599)) {
        error = "unknown status code from worker: " + std::to_string(status);
    }
    if (!rc || status < 100 || status > 599) {
        log_line("invalid response from the worker", error);
        fail(500, "internal server error\n");
        return;
    }
    if (status < 200) {
        if (f.streaming()) {
            http_.interim(req_, status, rc->headers); // 103 Early Hints
            if (ping) {
                signal(goridge::stream::kPong);
            }
        } else {
            log_line("the worker finished its response without a final status", "");
            fail_worker();
        }
        return;
    }
    req_.status = status;
    req_.headers = std::move(rc->headers);
    started_ = true;
    req_.out.assign(body);
    answer_part(f.streaming(), ping);
}

void StdioRelay::answer_part(bool more, bool ping) {
    if (more) {
        http_.send(req_, Transport::Part::chunk);
        req_.out.clear();
        if (ping) {
            // The script asks whether to go on: PONG, or STOP once the client has left.
            stop_sent_ = http_.client_gone(req_);
            signal(stop_sent_ ? goridge::stream::kStop : goridge::stream::kPong);
        }
        return;
    }
    http_.send(req_, Transport::Part::last);
    finish();
    if (ping) {
        signal(goridge::stream::kPong); // (a final frame may ask too)
    }
}

void StdioRelay::signal(uint8_t bits) {
    head_ = goridge::encode_stream_signal(bits);
    head_pos_ = 0;
    update_readiness();
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
    execution_timer().request_finished();
    goridge::remove_temp_files(form_);
    // (The script has read the whole request: its body and the answer are not kept until the next.)
    body_ = {};
    body_pos_ = 0;
    form_ = {};
    req_ = HttpRequest{};
    update_readiness();
}

int StdioRelay::select_fd() {
    if (!ready_) {
        ready_ = FileHandle(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
        poll_ = FileHandle(::epoll_create1(EPOLL_CLOEXEC));
        epoll_event ev{};
        ev.events = EPOLLIN;
        if (!ready_ || !poll_ || ::epoll_ctl(poll_.get(), EPOLL_CTL_ADD, ready_.get(), &ev) != 0) {
            ready_.reset();
            poll_.reset();
            return -1;
        }
        update_readiness();
    }
    return poll_.get();
}

void StdioRelay::update_readiness() {
    if (!poll_) {
        return; // the script never asked (stream_select() on STDIN)
    }
    // Readable when a read returns at once: bytes are waiting, or EOF.
    const bool now = buffered() || ended_;
    if (now != signalled_) {
        uint64_t v = 1;
        const ssize_t n = now ? ::write(ready_.get(), &v, sizeof v) : ::read(ready_.get(), &v, sizeof v);
        (void)n;
        signalled_ = now;
    }
    // Between requests, whatever wakes the worker's HTTP loop may bring the next one.
    const bool idle = !busy_ && !now;
    if (idle != watching_http_) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ::epoll_ctl(poll_.get(), idle ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, http_.wait_fd(), &ev);
        watching_http_ = idle;
    }
}

} // namespace rr::sapi
