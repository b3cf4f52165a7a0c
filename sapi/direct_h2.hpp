// HTTP/2 on one connection a direct-dispatch worker serves itself (ALPN h2 over its TLS). nghttp2
// owns frames, HPACK, flow control and stream states; this class gathers each stream's request,
// hands complete ones out one at a time (the worker runs one PHP request at a time) and keeps each
// answer's body for nghttp2 to pull as DATA frames when the client's window allows. It does no
// I/O: the worker feeds it what it read and writes out what it produces, so an answer waiting for
// a window update holds memory, never the worker.
//
// The master's HTTP/2 limits hold here too: a stream reaches PHP only once its request is complete
// and still open after everything read with it was processed (a HEADERS + RST_STREAM pair costs no
// PHP time); nghttp2 ends the connection on rapid resets, SETTINGS/PING floods and CONTINUATION
// floods; a header list over max_header_bytes resets its stream; streams over
// max_concurrent_streams are refused; a body over max_body_bytes is answered 413 at once.
#pragma once

#include "goridge-compat/file_handle.hpp"
#include "goridge-compat/frame.hpp"
#include "goridge-compat/http_request.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

struct nghttp2_session;

namespace rr::sapi {

class DirectH2 {
public:
    struct Limits {
        std::size_t max_header_bytes = 64 * 1024;
        uint64_t max_body_bytes = 1000ull << 20;
        uint32_t max_concurrent_streams = 128;
    };
    explicit DirectH2(const Limits& limits);
    ~DirectH2();
    DirectH2(const DirectH2&) = delete;
    DirectH2& operator=(const DirectH2&) = delete;

    // What the client sent. False when the connection must end now: not HTTP/2, a flood, a
    // broken session (protocol errors nghttp2 can answer queue a GOAWAY instead).
    bool feed(const char* data, std::size_t n);
    // Appends the frames ready to go out to `out` (up to about `max` bytes); false when the
    // session failed.
    bool produce(std::string& out, std::size_t max);
    // Nothing more will be read or written: the connection may close.
    bool finished() const;
    // No stream is open.
    bool idle() const { return streams_.empty(); }

    // The next stream whose request is complete (0: none). Its request: request(id).
    int32_t next_ready();
    bool has_ready() const { return !ready_.empty(); }
    http::Request& request(int32_t id);
    // Its body went over max_body_bytes (the request holds no body): answer 413.
    bool too_large(int32_t id) const;
    // Reset by the client, or over: nothing sent to it arrives.
    bool closed(int32_t id) const { return streams_.find(id) == streams_.end(); }
    // Body bytes of the stream's answer held in memory, not yet taken by nghttp2 (the client's
    // window is shut, or the socket full).
    uint64_t buffered(int32_t id) const;
    // Answers still sending from a file (each holds its descriptor until then).
    unsigned open_files() const { return open_files_; }

    // The answer's head. `length`: the body's size when it is known (content-length). Headers a
    // `Trailer` header names go after the body, as trailers. False when the stream is gone or
    // already answered.
    bool start(int32_t id, int status, const goridge::HeaderList& headers, std::optional<uint64_t> length);
    // More of the body; `last` ends the stream.
    void body(int32_t id, std::string_view bytes, bool last);
    // The rest of the body from a file range (it ends the stream).
    void file(int32_t id, FileHandle f, uint64_t offset, uint64_t length);
    // A 1xx answer before the head (103 Early Hints).
    void interim(int32_t id, int status, const goridge::HeaderList& headers);
    // Ends a stream that will get no (more) answer: RST_STREAM INTERNAL_ERROR.
    void reset(int32_t id);
    // Graceful end: GOAWAY; the streams already opened are served, no new ones.
    void shutdown();
    // The worker leaves now: GOAWAY naming the last stream handed out by next_ready(), so the
    // client knows the later ones were not processed and may send them again.
    void abandon();

private:
    struct Segment {
        std::string bytes;
        std::size_t pos = 0;
        FileHandle file; // a file range instead of bytes
        uint64_t offset = 0;
        uint64_t length = 0;
    };
    struct Stream {
        http::Request req;
        std::size_t header_bytes = 0;
        bool too_large = false;
        bool queued = false;  // in ready_ (or handed out)
        bool started = false; // its answer's head was submitted
        bool eof = false;     // its body is all in `out`
        bool deferred = false;
        bool want_trailers = false; // the head announced trailers (RoadRunner's Trailer header)
        uint64_t buffered = 0;      // bytes in `out` (not counting file ranges)
        goridge::HeaderList trailers;
        std::deque<Segment> out;
    };
    struct Callbacks;

    Stream* find(int32_t id);
    // The stream ends: what it still holds goes (a file's descriptor closes).
    void forget(int32_t id);

    Limits limits_;
    nghttp2_session* session_ = nullptr;
    std::unordered_map<int32_t, Stream> streams_;
    std::deque<int32_t> ready_;
    unsigned open_files_ = 0;
    int32_t last_handed_ = 0;
    bool failed_ = false;
    bool stopping_ = false;
};

} // namespace rr::sapi
