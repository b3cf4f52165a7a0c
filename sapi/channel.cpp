#include "channel.hpp"

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
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
    char buf[4096];
    for (;;) {
        const ssize_t n = ::recv(in_, buf, sizeof buf, MSG_DONTWAIT);
        if (n > 0) {
            decoder_.feed(buf, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == ENOTSOCK) {
            pollfd p{in_, POLLIN, 0};
            if (::poll(&p, 1, 0) == 1 && (p.revents & POLLIN) != 0) {
                const ssize_t m = ::read(in_, buf, sizeof buf);
                if (m > 0) {
                    decoder_.feed(buf, static_cast<std::size_t>(m));
                    continue;
                }
            }
        }
        break;
    }
    bool stop = false;
    goridge::Frame f;
    while (decoder_.next(f) == goridge::FrameDecoder::Result::frame) {
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
    iovec iov[2] = {{const_cast<char*>(a.data()), a.size()}, {const_cast<char*>(b.data()), b.size()}};
    int idx = 0;
    while (idx < 2) {
        if (iov[idx].iov_len == 0) {
            ++idx;
            continue;
        }
        const ssize_t n = ::writev(out_, iov + idx, 2 - idx);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            error_ = std::strerror(errno);
            return false;
        }
        auto left = static_cast<std::size_t>(n);
        while (idx < 2 && left >= iov[idx].iov_len) {
            left -= iov[idx].iov_len;
            ++idx;
        }
        if (idx < 2) {
            iov[idx].iov_base = static_cast<char*>(iov[idx].iov_base) + left;
            iov[idx].iov_len -= left;
        }
    }
    return true;
}

} // namespace rr::sapi
