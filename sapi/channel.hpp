// Blocking goridge frame I/O for a worker process: frames in on one fd, out on another
// (both are the same socket for embed workers: fd 0 and fd 1).
#pragma once

#include "goridge-compat/frame.hpp"

#include <deque>
#include <string>
#include <string_view>

namespace rr::sapi {

class Channel {
public:
    Channel(int in_fd, int out_fd) : in_(in_fd), out_(out_fd) {}

    enum class ReadResult { frame, eof, error };
    // Reads the next complete frame. On error, error_text() says why.
    ReadResult read(goridge::Frame& out);
    // Writes all bytes; false when the peer is gone.
    bool write(std::string_view bytes);
    bool write2(std::string_view a, std::string_view b);
    const std::string& error_text() const { return error_; }
    // Reads what has arrived without blocking and reports whether a STOP stream signal is among it
    // (the client of the current stream left). Other frames (an offered job) are kept for read().
    // A STOP that names a job (an option holding its sequence number) counts only for job `seq`.
    bool poll_stop(uint64_t seq);
    // Reads what has arrived without blocking and moves every complete frame to `out`. False when
    // the peer is gone or sent bytes that are not frames (error_text() says which).
    bool read_available(std::deque<goridge::Frame>& out);

private:
    std::deque<goridge::Frame> pending_;
    int in_;
    int out_;
    goridge::FrameDecoder decoder_;
    std::string error_;
};

} // namespace rr::sapi
