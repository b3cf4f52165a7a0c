#include "response_spool.hpp"

#include "server/core/temp_file.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace rr::http {
namespace asio = boost::asio;

ResponseSpool::ResponseSpool(ResponseStream& client, asio::any_io_executor ex, const SpoolLimits& limits)
    : client_(client), ex_(ex), limits_(limits), work_(ex), space_(ex) {}

ResponseSpool::~ResponseSpool() {
    drop_queue();
}

void ResponseSpool::drop_queue() {
    for (auto& s : queue_) {
        if (s.fd >= 0 && !s.temp) {
            ::close(s.fd);
        }
    }
    queue_.clear();
    memory_backlog_ = 0;
    file_backlog_ = 0;
}

bool ResponseSpool::over_bounds() const {
    // The producer waits while memory is full and the temp file is full too (or cannot be used).
    const bool file_usable = limits_.temp_file > 0 && !temp_failed_;
    return memory_backlog_ >= limits_.memory && (!file_usable || file_backlog_ >= limits_.temp_file);
}

bool ResponseSpool::append_to_temp_file(std::string_view data) {
    if (temp_failed_) {
        return false;
    }
    if (!temp_file_) {
        temp_file_ = anonymous_temp_file(limits_.temp_dir);
        if (!temp_file_) {
            spdlog::warn(
                "response buffer: cannot create a temp file in {}: {}; holding the response in memory",
                limits_.temp_dir.empty() ? "$TMPDIR or /tmp" : limits_.temp_dir, std::strerror(errno));
            temp_failed_ = true;
            return false;
        }
        temp_end_ = 0;
    }
    const uint64_t at = temp_end_;
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n =
            ::pwrite(temp_file_.get(), data.data() + done, data.size() - done, static_cast<off_t>(at + done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            spdlog::warn("response buffer: cannot write the temp file: {}; holding the response in memory",
                         n < 0 ? std::strerror(errno) : "no space");
            temp_failed_ = true;
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    temp_end_ += data.size();
    file_backlog_ += data.size();
    // Bytes written at the end of the file continue the last temp segment when it ends there.
    if (!queue_.empty() && queue_.back().temp && queue_.back().offset + queue_.back().length == at) {
        queue_.back().length += data.size();
    } else {
        Segment s;
        s.fd = temp_file_.get();
        s.temp = true;
        s.offset = at;
        s.length = data.size();
        queue_.push_back(std::move(s));
    }
    return true;
}

void ResponseSpool::enqueue(std::string_view data) {
    if (data.empty()) {
        return;
    }
    // Memory first; then the temp file while it is under its bound; beyond both, memory again and
    // the producer waits (write() checks over_bounds()) until the writer has made room.
    if (memory_backlog_ + data.size() > limits_.memory && file_backlog_ < limits_.temp_file &&
        append_to_temp_file(data)) {
        return;
    }
    memory_backlog_ += data.size();
    if (!queue_.empty() && queue_.back().fd < 0 && !queue_.back().sealed &&
        queue_.back().bytes.size() < 64 * 1024) {
        queue_.back().bytes.append(data);
        return;
    }
    Segment s;
    s.bytes.assign(data);
    queue_.push_back(std::move(s));
}

void ResponseSpool::start_writer() {
    work_.notify();
    if (writing_) {
        return;
    }
    writing_ = true;
    asio::co_spawn(ex_, writer(), asio::detached);
}

std::size_t ResponseSpool::try_write(std::string_view a, std::string_view b) {
    if (failed_ || writing_ || !queue_.empty()) {
        return 0;
    }
    return client_.try_write(a, b);
}

asio::awaitable<bool> ResponseSpool::write(std::string_view a, std::string_view b) {
    if (failed_) {
        co_return false;
    }
    if (!writing_ && queue_.empty()) {
        // Nothing queued: the socket takes what it can now; only the rest waits for the client.
        std::size_t sent = client_.try_write(a, b);
        if (sent == a.size() + b.size()) {
            // Let the other ready work run before this response's handler goes on, as a completed
            // asynchronous write would: without this turn, requests queued for the workers wait
            // behind whichever exchange keeps finishing synchronously (the tail latency triples).
            co_await asio::post(ex_, asio::use_awaitable);
            co_return true;
        }
        const std::size_t from_a = std::min(sent, a.size());
        a.remove_prefix(from_a);
        b.remove_prefix(sent - from_a);
    }
    enqueue(a);
    enqueue(b);
    start_writer();
    while (!failed_ && over_bounds()) {
        co_await space_.wait(); // the client reads slower than the worker writes, beyond both bounds
    }
    co_return !failed_;
}

asio::awaitable<bool> ResponseSpool::send_file(int fd, uint64_t offset, uint64_t count) {
    if (failed_) {
        co_return false;
    }
    if (count == 0) {
        co_return true;
    }
    Segment s;
    s.fd = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
    if (s.fd < 0) {
        spdlog::warn("response buffer: cannot keep the file: {}", std::strerror(errno));
        co_return false;
    }
    s.offset = offset;
    s.length = count;
    queue_.push_back(std::move(s));
    start_writer();
    co_return true;
}

void ResponseSpool::close_after_response() {
    client_.close_after_response();
}

void ResponseSpool::release_response() {
    if (!writing_ && queue_.empty()) {
        client_.release_response(); // a client already gone: the connection closes
        return;
    }
    release_pending_ = true;
    work_.notify(); // a writer waiting on an empty queue must see it and let go now
}

asio::awaitable<void> ResponseSpool::writer() {
    for (;;) {
        if (queue_.empty() || failed_) {
            if (closing_ || failed_ || release_pending_) {
                break;
            }
            co_await work_.wait();
            continue;
        }
        Segment& s = queue_.front();
        bool ok = true;
        if (s.fd < 0) {
            s.sealed = true; // its bytes are being sent: nothing may be appended (no reallocation)
            const std::string_view rest = std::string_view(s.bytes).substr(s.pos);
            ok = co_await client_.write(rest);
            memory_backlog_ -= rest.size();
        } else {
            // A temp segment may grow while it is sent: send what it holds now, keep the rest.
            const uint64_t len = s.length;
            ok = co_await client_.send_file(s.fd, s.offset, len);
            Segment& again = queue_.front();
            if (again.temp) {
                file_backlog_ -= len;
            }
            again.offset += len;
            again.length -= len;
            if (again.length > 0 && ok) {
                space_.notify();
                continue;
            }
        }
        Segment& done = queue_.front();
        if (done.fd >= 0 && !done.temp) {
            ::close(done.fd);
        }
        queue_.pop_front();
        if (file_backlog_ == 0 && temp_file_ && temp_end_ > 0) {
            // Everything in the temp file went out: start it over instead of letting it grow.
            if (::ftruncate(temp_file_.get(), 0) == 0) {
                temp_end_ = 0;
            }
        }
        if (!ok) {
            failed_ = true;
            drop_queue();
        }
        space_.notify();
    }
    writing_ = false;
    if (release_pending_ && (failed_ || queue_.empty())) {
        // After a failed write the connection is marked to close: releasing it closes it now
        // instead of when the worker's script ends.
        release_pending_ = false;
        client_.release_response();
    }
    space_.notify();
}

asio::awaitable<void> ResponseSpool::drained() {
    closing_ = true;
    work_.notify();
    while (writing_) {
        co_await space_.wait();
    }
}

} // namespace rr::http
