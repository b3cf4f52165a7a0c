#include "http1_writer.hpp"

#include "goridge-compat/http1_response.hpp"
#include "server/http/response.hpp"

#include <cstdio>

namespace rr::http {
namespace asio = boost::asio;

namespace {

void append_chunk_header(std::string& out, std::size_t n) {
    char buf[24];
    const int len = std::snprintf(buf, sizeof buf, "%zx\r\n", n);
    out.append(buf, static_cast<std::size_t>(len));
}

} // namespace

Http1Writer::Http1Writer(ResponseStream& conn, asio::any_io_executor ex, const Request& req, bool keep_alive)
    : conn_(conn), ex_(std::move(ex)), minor_(req.version_minor == 0 ? 0 : 1), head_request_(req.head()),
      keep_alive_(keep_alive) {}

asio::awaitable<bool> Http1Writer::interim(int status, const goridge::HeaderList& headers) {
    if (status_ != 0 || status == 101 || status < 100 || status > 199 || minor_ == 0) {
        co_return true; // HTTP/1.0 has no interim responses; 101 is not ours to send
    }
    std::string head;
    ResponseHead h;
    h.status = status;
    h.headers = &headers;
    h.framing = BodyFraming::none;
    write_head(head, h);
    co_return co_await out().write(head);
}

bool Http1Writer::start(int status, const goridge::HeaderList& headers, std::optional<uint64_t> length,
                        bool trailers) {
    status_ = status;
    ResponseHead h;
    h.status = status;
    h.headers = &headers;
    h.keep_alive = keep_alive_;
    h.version_minor = minor_;
    const bool has_body = status_has_body(status);
    if (!has_body) {
        h.framing = BodyFraming::none;
        done_ = true;
    } else if (head_request_) {
        // The head a GET would get; its Content-Length only when the length is known.
        h.framing = length ? BodyFraming::content_length : BodyFraming::none;
        h.content_length = length.value_or(0);
        done_ = true;
    } else if (length && !(trailers && minor_ >= 1)) {
        h.framing = BodyFraming::content_length;
        h.content_length = *length;
        done_ = *length == 0;
    } else if (minor_ >= 1) {
        h.framing = BodyFraming::chunked;
        chunked_ = true;
    } else {
        h.framing = BodyFraming::close;
        h.keep_alive = false;
        conn_.close_after_response();
    }
    pending_.reserve(256);
    write_head(pending_, h); // out with the first body bytes, or by complete()
    return true;
}

asio::awaitable<bool> Http1Writer::write(std::string_view a, std::string_view b) {
    if (pending_.empty()) {
        co_return a.empty() && b.empty() ? true : co_await out().write(a, b);
    }
    std::string head = std::move(pending_);
    pending_.clear();
    if (b.empty()) {
        co_return co_await out().write(head, a); // the head and the body in one write, without a copy
    }
    head.append(a);
    co_return co_await out().write(head, b);
}

asio::awaitable<bool> Http1Writer::body(std::string_view a, std::string_view b, bool last) {
    if (done_) {
        co_return co_await write({}); // a head still held back goes out; body bytes do not
    }
    done_ = last;
    if (!chunked_) {
        if (pending_.empty()) {
            co_return co_await out().write(a, b);
        }
        std::string head = std::move(pending_);
        pending_.clear();
        if (b.empty()) {
            co_return co_await out().write(head, a); // the head and the body in one write, without a copy
        }
        head.append(a);
        co_return co_await out().write(head, b);
    }
    std::string out;
    const std::size_t n = a.size() + b.size();
    if (n > 0) {
        out.reserve(n + 16);
        append_chunk_header(out, n);
        out.append(a).append(b).append("\r\n");
    }
    if (last) {
        out.append("0\r\n\r\n");
    }
    co_return co_await write(out);
}

asio::awaitable<bool> Http1Writer::file(int fd, uint64_t offset, uint64_t count, bool last) {
    if (done_) {
        co_return co_await write({});
    }
    done_ = last;
    std::string before;
    if (chunked_ && count > 0) {
        before.reserve(16);
        append_chunk_header(before, static_cast<std::size_t>(count));
    }
    bool ok = co_await write(before);
    if (ok && count > 0) {
        ok = co_await out().send_file(fd, offset, count);
    }
    if (ok && chunked_) {
        ok = co_await out().write(count > 0 ? (last ? "\r\n0\r\n\r\n" : "\r\n") : (last ? "0\r\n\r\n" : ""));
    }
    co_return ok;
}

asio::awaitable<bool> Http1Writer::finish(const goridge::HeaderList& trailers) {
    if (done_) {
        co_return co_await write({});
    }
    done_ = true;
    if (!chunked_) {
        co_return co_await write({}); // no trailer section without chunked framing
    }
    std::string out;
    http::write_last_chunk(out, trailers, usable_field);
    co_return co_await write(out);
}

void Http1Writer::abort() {
    done_ = true;
    conn_.close_after_response(); // closing without the last chunk tells the client it is incomplete
}

void Http1Writer::buffer(const SpoolLimits& limits) {
    if (!spool_) {
        spool_.emplace(conn_, ex_, limits);
    }
}

void Http1Writer::release() {
    out().release_response();
}

asio::awaitable<void> Http1Writer::complete() {
    if (!pending_.empty()) {
        co_await write({});
    }
    if (spool_) {
        co_await spool_->drained();
    }
}

} // namespace rr::http
