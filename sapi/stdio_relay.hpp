// A stock RoadRunner script (one that speaks goridge on STDIN/STDOUT) served by a direct-dispatch
// worker: its STDIN and STDOUT are this relay, in memory, instead of pipes to the master.
//
// Reading STDIN gives the script what the master would have written into its pipe: first the PID
// request, then each request of the worker's own connections (DirectHttp) as a job frame (the
// context in JSON or protobuf, RoadRunner's form tree for form bodies), and the stop frame when the
// worker must end (then EOF). What the script writes on STDOUT is read as goridge frames: its reply
// (status and headers from the context, the body after it) goes to the client; a STREAM frame
// sends a chunk (or, with status 1xx and no body, an interim response such as 103), and one with
// PING is answered PONG, or STOP once the client is gone; an ERROR frame is a soft error (500, the
// worker goes on); `{"stop":true}` means the worker leaves (the request gets a 503, as no other
// worker can take it over); bytes that are not frames end the worker, as on a real pipe.
// The script's goridge library runs unchanged, with no second process between the client and PHP.
#pragma once

#include "goridge-compat/file_handle.hpp"
#include "goridge-compat/form_job.hpp"
#include "goridge-compat/frame.hpp"
#include "goridge-compat/http_context.hpp"
#include "goridge-compat/zygote_options.hpp"
#include "sapi/request.hpp"

#include <string>
#include <string_view>

namespace rr::sapi {

class DirectHttp;

class StdioRelay {
public:
    // `options`: the context's codec, RoadRunner's form handling, a soft error's status.
    StdioRelay(DirectHttp& http, const zygote::DirectOptions& options) : http_(http), options_(options) {}
    ~StdioRelay();
    StdioRelay(const StdioRelay&) = delete;
    StdioRelay& operator=(const StdioRelay&) = delete;

    // STDIN: up to `n` bytes of the frames for the script, waiting for the next request when none
    // are left. 0 (EOF) after the stop frame, or once the script broke the protocol.
    std::size_t read(char* buf, std::size_t n);
    // STDOUT: the script's bytes; complete frames are acted on at once. False once they are not
    // goridge frames (the worker must end).
    bool write(std::string_view bytes);
    // For stream_select() on STDIN (roadrunner-worker's StreamRelay::hasFrame() while it waits for a
    // PONG): a descriptor that is readable when a read would return at once, or, between requests,
    // when the worker's HTTP loop has something (then a read may still wait for the whole request).
    // -1 if it cannot be made.
    int select_fd();

private:
    // The next request as a job frame (head_ and body_); false when the worker must stop.
    bool take_request();
    void on_frame(goridge::Frame& f);
    void on_reply(const goridge::Frame& f);
    // Ends the current request with `status` and a short text, unless its answer has begun.
    void fail(int status, std::string_view text);
    // PONG or STOP for the script to read next.
    void signal(uint8_t bits);
    // The same for a failed worker (an ERROR frame, a broken protocol, the script's end):
    // http.internal_error_code.
    void fail_worker();
    // Sends the reply's body so far: a chunk (`more`) or the end of the answer; `ping`: the script
    // waits for PONG (or STOP).
    void answer_part(bool more, bool ping);
    // The stop frame, then EOF.
    void leave();
    bool buffered() const { return head_pos_ < head_.size() || body_pos_ < body_.size(); }
    void update_readiness();
    void finish();

    DirectHttp& http_;
    const zygote::DirectOptions& options_;
    // What the script reads next: a frame's header and context (or a control frame or signal), then
    // the request's body, which stays where it is.
    std::string head_;
    std::size_t head_pos_ = 0;
    std::string_view body_;
    std::size_t body_pos_ = 0;
    goridge::FrameDecoder from_script_;
    HttpRequest req_;
    goridge::FormJob form_; // the current request's uploads, removed after its answer
    bool pid_asked_ = false;
    bool busy_ = false;      // a request was handed to the script and is not answered yet
    bool started_ = false;   // ... and its answer has begun (a STREAM frame went out)
    bool stop_sent_ = false; // the STOP signal for a streamed answer whose client left
    bool ended_ = false;     // the stop frame went to the script, or it broke the protocol: EOF next
    // select_fd(): an eventfd signalled while a read would return at once, in an epoll set with the
    // HTTP loop's own between requests.
    FileHandle ready_;
    FileHandle poll_;
    bool signalled_ = false;
    bool watching_http_ = false;
};

} // namespace rr::sapi
