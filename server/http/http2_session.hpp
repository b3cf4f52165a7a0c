// HTTP/2 on one connection (RFC 9113) with nghttp2: frames, HPACK, flow control and stream states
// are nghttp2's; this session moves bytes between it and the connection, turns each complete
// request stream into a Request for the handler — streams of one connection run at the same time,
// on different workers — and gives each stream a ResponseWriter that feeds nghttp2's DATA frames.
//
// Abuse costs the client its connection, never a worker: a stream is handed to the handler only
// once its request is complete and still open after everything read with it was processed (a
// HEADERS + RST_STREAM pair never reaches PHP); nghttp2 closes the connection on rapid resets, on
// SETTINGS/PING floods and on CONTINUATION floods; a header list over http.max_header_size resets
// its stream; streams over max_concurrent_streams are refused.
#pragma once

#include "server/config/config.hpp"
#include "server/core/signal.hpp"
#include "server/http/handler.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct nghttp2_session;

namespace rr::http {

// What the session needs of the connection under it.
class Http2Transport {
public:
    virtual ~Http2Transport() = default;
    // Reads what has arrived (waits for at least one byte, up to `timeout`); 0 when the client is
    // gone, broke the connection or was silent too long.
    virtual boost::asio::awaitable<std::size_t> read_some(char* buf, std::size_t n, Duration timeout) = 0;
    // Writes all of `bytes`; false when the client is gone (or too slow: http.write_timeout).
    virtual boost::asio::awaitable<bool> write_all(std::string_view bytes) = 0;
    // Ends a read_some() that is waiting (the session is over).
    virtual void cancel_read() = 0;
    // No stream is open and the session waits for the client: buffers sized for work may go.
    virtual void idle() {}
};

class Http2Session {
public:
    Http2Session(Http2Transport& transport, boost::asio::any_io_executor ex, Handler& handler,
                 const ConnectionInfo& info, const config::HttpConfig& cfg);
    ~Http2Session();
    Http2Session(const Http2Session&) = delete;
    Http2Session& operator=(const Http2Session&) = delete;

    // Serves the connection until it ends, then waits for every stream's handler to return.
    // `preread`: bytes already read from the client (the start of its connection preface).
    // `upgrade`: an HTTP/1.1 request that asked for h2c, answered as stream 1; `settings`: its
    // HTTP2-Settings header (base64url).
    boost::asio::awaitable<void> run(std::string_view preread, Request* upgrade = nullptr,
                                     std::string_view settings = {});
    // Graceful stop: GOAWAY; streams already started finish, then the connection closes.
    void shutdown();

    class Stream;

private:
    friend class Stream;
    struct Callbacks;

    boost::asio::awaitable<void> reader(std::string preread);
    boost::asio::awaitable<void> writer();
    boost::asio::awaitable<void> serve(std::shared_ptr<Stream> st);
    // Hands the streams whose requests completed in the last read to the handler.
    void dispatch();
    void wake_writer() { want_write_.notify(); }
    bool finished() const;
    // Whether bytes ready to go out may wait for other streams' answers (see writer()).
    bool hold_output();

    Http2Transport& transport_;
    boost::asio::any_io_executor ex_;
    Handler& handler_;
    ConnectionInfo info_;
    const config::HttpConfig& cfg_;
    nghttp2_session* session_ = nullptr;
    std::map<int32_t, std::shared_ptr<Stream>> streams_;
    std::vector<int32_t> ready_; // requests complete in the current read, not yet dispatched
    Signal want_write_;
    Signal handlers_done_;
    unsigned handlers_ = 0;
    unsigned unanswered_ = 0; // streams handed to the handler that have not started their answer
    std::chrono::steady_clock::time_point hold_until_{}; // {}: no output is being held
    bool dead_ = false;                                  // the connection failed or nghttp2 gave up on it
    bool reading_ = true;                                // the reader still runs
    bool stopping_ = false;
    bool writer_done_ = false;
};

} // namespace rr::http
