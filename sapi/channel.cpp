#include "channel.hpp"

#include "sapi/pending_write.hpp"

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/uio.h>
#include <unistd.h>

namespace rr::sapi {

Channel::ReadResult Channel::read(goridge::Frame& out) {
    // One worker process, one thread: a static buffer spares a 64 KiB stack frame per call.
    static char buf[64 * 1024];
    if (!pending_.empty()) {
        out = std::move(pending_.front());
        pending_.pop_front();
        return ReadResult::frame;
    }
    for (;;) {
        switch (decoder_.next(out)) {
        case goridge::FrameDecoder::Result::frame:
            return ReadResult::frame;
        case goridge::FrameDecoder::Result::error:
            error_ = goridge::describe(decoder_.error());
            return ReadResult::error;
        case goridge::FrameDecoder::Result::need_more:
            break;
        }
        const ssize_t n = ::read(in_, buf, sizeof buf);
        if (n > 0) {
            decoder_.feed(buf, static_cast<std::size_t>(n));
        } else if (n == 0) {
            return ReadResult::eof;
        } else if (errno != EINTR) {
            error_ = std::strerror(errno);
            return ReadResult::error;
        }
    }
}

bool Channel::poll_stop(uint64_t seq) {
    std::deque<goridge::Frame> frames;
    read_available(frames); // a closed or broken channel shows at the next read()
    bool stop = false;
    for (auto& f : frames) {
        if (!f.has(goridge::flag::kControl) && (f.stream & goridge::stream::kStop) != 0) {
            stop = stop || f.options.empty() || f.options[0] == static_cast<uint32_t>(seq);
            continue; // a STOP for an earlier job that ended before it arrived is dropped
        }
        pending_.push_back(std::move(f));
    }
    return stop;
}

bool Channel::read_available(std::deque<goridge::Frame>& out) {
    char buf[4096];
    bool open = true;
    for (;;) {
        pollfd p{in_, POLLIN, 0};
        if (::poll(&p, 1, 0) != 1) {
            break;
        }
        const ssize_t n = ::read(in_, buf, sizeof buf);
        if (n > 0) {
            decoder_.feed(buf, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        error_ = n == 0 ? "the server closed the channel" : std::strerror(errno);
        open = false;
        break;
    }
    while (!pending_.empty()) {
        out.push_back(std::move(pending_.front()));
        pending_.pop_front();
    }
    goridge::Frame f;
    for (;;) {
        const auto r = decoder_.next(f);
        if (r == goridge::FrameDecoder::Result::frame) {
            out.push_back(std::move(f));
            continue;
        }
        if (r == goridge::FrameDecoder::Result::error) {
            error_ = goridge::describe(decoder_.error());
            return false;
        }
        break;
    }
    return open;
}

bool Channel::write(std::string_view bytes) {
    return write2(bytes, {});
}

bool Channel::write2(std::string_view a, std::string_view b) {
    PendingWrite w{a, b};
    while (!w.done()) {
        const ssize_t n = ::writev(out_, w.iov(), w.count());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            error_ = std::strerror(errno);
            return false;
        }
        w.consumed(static_cast<std::size_t>(n));
    }
    return true;
}

} // namespace rr::sapi
