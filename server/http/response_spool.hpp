// A response on its way from a worker to a client that may read slowly. The worker's bytes are
// taken at once — in memory up to a bound, then in a temp file (as nginx's proxy_temp) — and a
// writer sends them to the client at the client's pace, so the worker is free as soon as it has
// produced its response. Only a response that outgrows both bounds makes the worker wait.
//
// The fast path costs nothing extra: while nothing is queued, bytes go straight to the socket
// without waiting (ResponseStream::try_write); only what the socket does not take is queued.
#pragma once

#include "goridge-compat/file_handle.hpp"
#include "server/core/signal.hpp"
#include "server/http/response_stream.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <deque>
#include <string>

namespace rr::http {

struct SpoolLimits {
    std::size_t memory = 256u << 10;        // queued bytes held in memory per response
    uint64_t temp_file = uint64_t{1} << 30; // queued bytes held in the temp file per response
    std::string temp_dir;                   // "" = $TMPDIR or /tmp
};

class ResponseSpool final : public ResponseStream {
public:
    ResponseSpool(ResponseStream& client, boost::asio::any_io_executor ex, const SpoolLimits& limits);
    ResponseSpool(const ResponseSpool&) = delete;
    ResponseSpool& operator=(const ResponseSpool&) = delete;
    // Call drained() first: the writer must have finished.
    ~ResponseSpool() override;

    // Queues the bytes; waits only while the queue is over its bounds. False once the client is gone.
    boost::asio::awaitable<bool> write(std::string_view a, std::string_view b = {}) override;
    std::size_t try_write(std::string_view a, std::string_view b) override;
    // Queues the file's range (the spool keeps its own descriptor).
    boost::asio::awaitable<bool> send_file(int fd, uint64_t offset, uint64_t count) override;
    void close_after_response() override;
    // Lets go of the connection once everything queued has reached the client.
    void release_response() override;

    // Waits until everything queued has reached the client, or the client is gone.
    boost::asio::awaitable<void> drained();
    // Bytes waiting in memory and in the temp file (for tests and logs).
    std::size_t memory_backlog() const { return memory_backlog_; }

private:
    struct Segment {
        std::string bytes; // a memory segment, or
        int fd = -1;       // a file range: our own descriptor (closed with the segment unless temp)
        bool temp = false; // the spool's temp file (not closed per segment)
        uint64_t offset = 0;
        uint64_t length = 0;
        std::size_t pos = 0; // bytes of `bytes` already sent
        bool sealed = false; // being sent: appends go to a new segment
    };

    void enqueue(std::string_view data);
    bool append_to_temp_file(std::string_view data);
    bool over_bounds() const;
    void start_writer();
    boost::asio::awaitable<void> writer();
    void drop_queue();

    ResponseStream& client_;
    boost::asio::any_io_executor ex_;
    const SpoolLimits& limits_;
    std::deque<Segment> queue_;
    std::size_t memory_backlog_ = 0;
    uint64_t file_backlog_ = 0;
    FileHandle temp_file_; // the spool's own temp file (segments refer to it, never close it)
    uint64_t temp_end_ = 0;
    bool writing_ = false;     // the writer coroutine runs
    bool temp_failed_ = false; // the temp file could not be made or written: memory only
    bool failed_ = false;      // the client is gone
    bool release_pending_ = false;
    bool closing_ = false; // drained() was called: the writer ends when the queue is empty
    Signal work_;          // to the writer: something was queued (or closing)
    Signal space_;         // to producers and drained(): the writer made progress or ended
};

} // namespace rr::http
