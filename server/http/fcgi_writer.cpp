#include "fcgi_writer.hpp"

#include "goridge-compat/text.hpp"
#include "server/http/fcgi_protocol.hpp"
#include "server/http/response.hpp"

#include <unistd.h>

#include <cerrno>

#include <utility>

namespace rr::http {
namespace asio = boost::asio;

FcgiWriter::FcgiWriter(ResponseStream& conn, asio::any_io_executor ex, uint16_t request_id, bool head_request)
    : conn_(conn), ex_(std::move(ex)), id_(request_id), head_request_(head_request) {}

bool FcgiWriter::start(int status, const goridge::HeaderList& headers, std::optional<uint64_t> length, bool) {
    if (status_ != 0) {
        return false;
    }
    status_ = status;
    std::string head = "Status: " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
    for (const auto& [name, values] : headers) {
        if (text::iequals(name, "Content-Length") || text::iequals(name, "Transfer-Encoding") ||
            text::iequals(name, "Connection") || text::iequals(name, "Keep-Alive") ||
            text::iequals(name, "Status")) {
            continue;
        }
        for (const auto& v : values) {
            if (usable_field(name, v)) {
                head.append(name).append(": ").append(v).append("\r\n");
            }
        }
    }
    const bool has_body = status_has_body(status);
    if (length && has_body) {
        head.append("Content-Length: ").append(std::to_string(*length)).append("\r\n");
    }
    head.append("\r\n");
    fcgi::append_records(pending_, fcgi::kStdout, id_, head);
    done_ = !has_body || head_request_ || (length && *length == 0);
    return !broken_; // the head goes out with the body, or with end_request()
}

asio::awaitable<bool> FcgiWriter::send(std::string_view content) {
    std::string bytes = std::move(pending_);
    pending_.clear();
    if (!content.empty()) {
        bytes.reserve(bytes.size() + content.size() + content.size() / fcgi::kMaxContent * 8 + 8);
        fcgi::append_records(bytes, fcgi::kStdout, id_, content);
    }
    if (bytes.empty()) {
        co_return !broken_;
    }
    const bool ok = co_await out().write(bytes);
    broken_ = broken_ || !ok;
    co_return ok;
}

asio::awaitable<bool> FcgiWriter::body(std::string_view a, std::string_view b, bool last) {
    if (done_) {
        co_return co_await send({});
    }
    done_ = last;
    if (b.empty()) {
        co_return co_await send(a);
    }
    std::string both;
    both.reserve(a.size() + b.size());
    both.append(a).append(b);
    co_return co_await send(both);
}

asio::awaitable<bool> FcgiWriter::file(int fd, uint64_t offset, uint64_t count, bool last) {
    if (done_) {
        co_return co_await send({});
    }
    std::string chunk;
    while (count > 0) {
        chunk.resize(static_cast<std::size_t>(std::min<uint64_t>(count, 64 * 1024)));
        const ssize_t n = ::pread(fd, chunk.data(), chunk.size(), static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            abort(); // the file shrank while being sent: the response cannot be completed
            co_return false;
        }
        chunk.resize(static_cast<std::size_t>(n));
        const bool ok = co_await send(chunk);
        if (!ok) {
            co_return false;
        }
        offset += static_cast<uint64_t>(n);
        count -= static_cast<uint64_t>(n);
    }
    done_ = last;
    co_return co_await send({});
}

asio::awaitable<bool> FcgiWriter::finish(const goridge::HeaderList&) {
    done_ = true;
    co_return co_await send({});
}

void FcgiWriter::abort() {
    if (released_ || ended_) {
        return; // the response is complete; the connection may serve another request already
    }
    // No END_REQUEST: the web server sees the connection close mid-response and does not pass it
    // off as complete.
    done_ = true;
    ended_ = true;
    broken_ = true;
    conn_.close_after_response();
}

void FcgiWriter::buffer(const SpoolLimits& limits) {
    if (!spool_) {
        spool_.emplace(conn_, ex_, limits);
    }
}

void FcgiWriter::release() {
    done_ = true; // rr_finish_request(): the body is complete
    released_ = true;
    if (auto f = std::exchange(on_release_, nullptr)) {
        f();
    }
}

asio::awaitable<bool> FcgiWriter::end_request() {
    if (!ended_) {
        ended_ = true;
        done_ = true;
        std::string end = std::move(pending_);
        pending_.clear();
        fcgi::append_records(end, fcgi::kStdout, id_, {});
        fcgi::append_end_request(end, id_, 0, fcgi::kRequestComplete);
        if (!broken_) {
            broken_ = !co_await out().write(end);
        }
    }
    if (spool_) {
        co_await spool_->drained();
    }
    co_return !broken_;
}

} // namespace rr::http
