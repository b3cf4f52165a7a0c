#include "connection.hpp"

#include "goridge-compat/tls_vars.hpp"

#include "server/http/request_stats.hpp"

#include "goridge-compat/request_context.hpp"
#include "goridge-compat/text.hpp"
#include "server/core/log.hpp"
#include "server/http/response.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <openssl/crypto.h>
#include <openssl/ssl.h>

#include <array>
#include <cerrno>
#include <spdlog/spdlog.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <unistd.h>

namespace rr::http {
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

// How long an idle keep-alive connection of a stopping server stays open for a request already on
// its way.
constexpr std::chrono::milliseconds kDrainQuiet{200};

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);
// An idle keep-alive connection holds its read buffer while it waits, so the read that waits for a
// new request uses a small one; the rest of a request is read in larger pieces.
constexpr std::size_t kIdleReadChunk = 1024;
constexpr std::size_t kReadChunk = 4 * 1024;
constexpr std::size_t kBodyChunk = 64 * 1024;
constexpr std::size_t kIdleBufferCap = 32 * 1024;

// SSL_free_buffers() with part of a record read: OpenSSL releases before 3.0.14, 3.1.6, 3.2.2 and
// 3.3.1 freed the read buffer anyway (CVE-2024-4741). With those, buffers are left to OpenSSL's
// own release-when-empty.
bool free_buffers_is_safe() {
    if (OPENSSL_version_major() != 3) {
        return OPENSSL_version_major() > 3;
    }
    const unsigned minor = OPENSSL_version_minor();
    constexpr std::array<unsigned, 4> kFixed{14, 6, 2, 1}; // the first fixed patch, by minor version
    return minor >= kFixed.size() || OPENSSL_version_patch() >= kFixed[minor];
}
const bool keep_tls_buffers = free_buffers_is_safe();

std::string ip_string(const asio::ip::address& a) {
    if (a.is_v6() && a.to_v6().is_v4_mapped()) {
        return asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6()).to_string();
    }
    return a.to_string();
}
} // namespace

Connection::Connection(asio::ip::tcp::socket socket, const config::HttpConfig& cfg, Handler& handler,
                       std::function<bool()> stopping, TlsContextPtr tls)
    : socket_(std::move(socket)), tls_ctx_(std::move(tls)),
      timer_(socket_.get_executor(), Clock::time_point::max()), cfg_(cfg), handler_(handler),
      stopping_(std::move(stopping)),
      parser_(ParserLimits{static_cast<std::size_t>(cfg.max_header_size), cfg.max_request_size}) {
    boost::system::error_code ec;
    const auto remote = socket_.remote_endpoint(ec);
    if (!ec) {
        info_.remote_ip = ip_string(remote.address());
        info_.remote_port = remote.port();
    }
    const auto local = socket_.local_endpoint(ec);
    if (!ec) {
        info_.local_ip = ip_string(local.address());
        info_.local_port = local.port();
    }
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
    // Non-blocking once for all: try_write() and send_file() write to the fd directly, and Asio's
    // own operations work the same on a non-blocking fd (no ioctl per response).
    socket_.native_non_blocking(true, ec);
    if (tls_ctx_) {
        tls_ = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket&>>(socket_, *tls_ctx_);
        info_.tls = true;
    }
}

Connection::~Connection() = default;

void Connection::start(std::function<void(ServedConnection*)> on_close) {
    on_close_ = std::move(on_close);
    auto self = shared_from_this();
    asio::co_spawn(
        socket_.get_executor(), [self] { return self->watchdog(); }, asio::detached);
    asio::co_spawn(
        socket_.get_executor(), [self] { return self->run(); }, asio::detached);
}

void Connection::stop_if_idle() {
    if (h2_ != nullptr) {
        h2_->shutdown(); // GOAWAY: streams already open finish
        return;
    }
    if (idle_) {
        set_deadline(kDrainQuiet); // see read_request()
    }
}

void Connection::set_deadline(Duration d) {
    deadline_ = Clock::now() + d;
    if (deadline_ < timer_.expiry()) {
        timer_.expires_at(deadline_);
    }
}

void Connection::clear_deadline() {
    deadline_ = Clock::time_point::max();
}

void Connection::close_socket() {
    if (closed_) {
        return;
    }
    closed_ = true;
    boost::system::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    timer_.cancel();
}

asio::awaitable<void> Connection::watchdog() {
    while (!closed_) {
        co_await timer_.async_wait(nothrow);
        if (closed_) {
            break;
        }
        const auto now = Clock::now();
        if (deadline_ > now) {
            timer_.expires_at(deadline_);
            continue;
        }
        if (!timed_out_) {
            // First expiry: stop the pending operation so the session can answer (408) and close.
            timed_out_ = true;
            boost::system::error_code ec;
            socket_.cancel(ec);
            deadline_ = now + std::chrono::seconds(2);
            timer_.expires_at(deadline_);
        } else {
            close_socket();
        }
    }
}

std::size_t Connection::try_write(std::string_view a, std::string_view b) {
    if (closed_ || timed_out_ || tls_) {
        return 0; // TLS: a record cannot be written in part and taken back, so it waits for write()
    }
    std::size_t total = 0;
    for (;;) {
        iovec iov[2];
        int n_iov = 0;
        const std::size_t from_a = std::min(total, a.size());
        if (from_a < a.size()) {
            iov[n_iov++] = {const_cast<char*>(a.data() + from_a), a.size() - from_a};
        }
        const std::size_t from_b = total - from_a;
        if (from_b < b.size()) {
            iov[n_iov++] = {const_cast<char*>(b.data() + from_b), b.size() - from_b};
        }
        if (n_iov == 0) {
            break;
        }
        const ssize_t n = ::writev(socket_.native_handle(), iov, n_iov);
        if (n > 0) {
            total += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        break; // EAGAIN: the rest waits for the client; an error shows at the next write
    }
    resp_bytes_ += total;
    return total;
}

asio::awaitable<bool> Connection::write(std::string_view a, std::string_view b) {
    if (closed_ || timed_out_) {
        co_return false;
    }
    if (tls_ && !a.empty() && !b.empty() && a.size() + b.size() <= kTlsCoalesce) {
        // Asio's TLS stream writes one buffer per record: head and body in one buffer make one
        // record and one system call, not two.
        tls_out_.assign(a).append(b);
        a = tls_out_;
        b = {};
    }
    const auto saved = deadline_;
    std::size_t total = 0;
    boost::system::error_code ec;
    while (total < a.size() + b.size()) {
        // write_timeout is for progress: a client that keeps reading is never cut off.
        set_deadline(cfg_.write_timeout);
        const std::size_t from_a = std::min(total, a.size());
        const std::size_t from_b = total - from_a;
        const std::array<asio::const_buffer, 2> bufs{asio::buffer(a.data() + from_a, a.size() - from_a),
                                                     asio::buffer(b.data() + from_b, b.size() - from_b)};
        auto [wec, n] = tls_ ? co_await tls_->async_write_some(bufs, nothrow)
                             : co_await socket_.async_write_some(bufs, nothrow);
        total += n;
        resp_bytes_ += n;
        if (wec || timed_out_) {
            ec = wec ? wec : asio::error::timed_out;
            break;
        }
    }
    deadline_ = saved;
    if (ec) {
        close_after_ = true;
        co_return false;
    }
    co_return true;
}

asio::awaitable<bool> Connection::send_file(int fd, uint64_t offset, uint64_t count) {
    if (closed_ || timed_out_) {
        co_return false;
    }
    if (tls_) {
        // Under TLS the bytes pass through OpenSSL: read a piece, write it, until done.
        std::string chunk;
        while (count > 0) {
            chunk.resize(static_cast<std::size_t>(std::min<uint64_t>(count, kBodyChunk)));
            const ssize_t n = ::pread(fd, chunk.data(), chunk.size(), static_cast<off_t>(offset));
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                spdlog::warn("sending a file: it ended {} bytes early (truncated while being sent)", count);
                close_after_ = true;
                co_return false;
            }
            const bool sent = co_await write(std::string_view(chunk.data(), static_cast<std::size_t>(n)));
            if (!sent) {
                co_return false;
            }
            offset += static_cast<uint64_t>(n);
            count -= static_cast<uint64_t>(n);
        }
        co_return true;
    }
    const auto saved = deadline_;
    boost::system::error_code ec;
    socket_.native_non_blocking(true, ec);
    auto off = static_cast<off_t>(offset);
    bool ok = true;
    while (count > 0) {
        set_deadline(cfg_.write_timeout); // the timeout is for progress, not for the whole file
        const std::size_t want = static_cast<std::size_t>(std::min<uint64_t>(count, 0x7ffff000));
        const ssize_t n = ::sendfile(socket_.native_handle(), fd, &off, want);
        if (n > 0) {
            count -= static_cast<uint64_t>(n);
            resp_bytes_ += static_cast<uint64_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            auto [wec] = co_await socket_.async_wait(asio::ip::tcp::socket::wait_write, nothrow);
            if (!wec && !timed_out_) {
                continue;
            }
        } else if (n == 0) {
            spdlog::warn("sendfile: the file ended {} bytes early (truncated while being sent)", count);
        }
        ok = false; // client gone, too slow, or the file shrank: the response cannot be completed
        break;
    }
    deadline_ = saved;
    if (!ok) {
        close_after_ = true;
    }
    co_return ok;
}

asio::awaitable<Connection::ReadOutcome> Connection::read_request(Request& out) {
    bool started = inpos_ < inbuf_.size();
    idle_ = !started;
    // Stopping: an idle keep-alive connection closes once it has been quiet for kDrainQuiet, so a
    // request the client sent as the stop began is still served (with Connection: close) instead of
    // meeting a closed connection.
    set_deadline(idle_ && stopping_() ? kDrainQuiet : started ? cfg_.read_header_timeout : cfg_.idle_timeout);
    bool headers_done = false;
    for (;;) {
        if (inpos_ < inbuf_.size()) {
            std::size_t consumed = 0;
            const auto ev = parser_.feed(inbuf_.data() + inpos_, inbuf_.size() - inpos_, consumed);
            inpos_ += consumed;
            if (inpos_ == inbuf_.size()) {
                inbuf_.clear();
                inpos_ = 0;
            }
            if (ev == RequestParser::Event::message_complete) {
                out = parser_.take();
                co_return ReadOutcome::request;
            }
            if (ev == RequestParser::Event::headers_complete) {
                headers_done = true;
                set_deadline(cfg_.read_timeout);
                if (parser_.current().expect_continue) {
                    const bool sent = co_await write("HTTP/1.1 100 Continue\r\n\r\n");
                    if (!sent) {
                        co_return ReadOutcome::closed;
                    }
                }
                continue;
            }
            if (ev == RequestParser::Event::error) {
                const int minor = parser_.current().version_minor == 0 ? 0 : 1;
                co_await write(
                    simple_response(parser_.error_status(), parser_.error_reason() + "\n", false, minor));
                co_return ReadOutcome::closed;
            }
            headers_done = headers_done || parser_.headers_done();
        }
        // Read more (into a buffer that is not zero-filled per read).
        const std::size_t want =
            !started ? kIdleReadChunk : (headers_done && parser_.body_expected() ? kBodyChunk : kReadChunk);
        if (rbuf_size_ < want) {
            rbuf_ = std::make_unique_for_overwrite<char[]>(want);
            rbuf_size_ = want;
        }
        const auto buf = asio::buffer(rbuf_.get(), rbuf_size_);
        auto [ec, n] = tls_ ? co_await tls_->async_read_some(buf, nothrow)
                            : co_await socket_.async_read_some(buf, nothrow);
        inbuf_.append(rbuf_.get(), n);
        if (ec) {
            if (timed_out_) {
                if (started) {
                    // A client that started a request but did not finish it in time.
                    timed_out_ = false;
                    set_deadline(std::chrono::seconds(2));
                    co_await write(simple_response(408, "request timed out\n", false));
                }
                co_return ReadOutcome::closed;
            }
            if (ec == asio::error::eof && parser_.finish() == RequestParser::Event::message_complete) {
                out = parser_.take();
                close_after_ = true;
                co_return ReadOutcome::request;
            }
            co_return ReadOutcome::closed;
        }
        if (!started) {
            started = true;
            idle_ = false;
            set_deadline(cfg_.read_header_timeout);
        } else if (headers_done) {
            set_deadline(cfg_.read_timeout); // the body timeout is between reads, not in total
        }
    }
}

asio::awaitable<bool> Connection::handshake() {
    set_deadline(cfg_.ssl.handshake_timeout);
    auto [ec] = co_await tls_->async_handshake(asio::ssl::stream_base::server, nothrow);
    clear_deadline();
    if (ec || timed_out_) {
        // Plain HTTP sent to the TLS port, an unknown CA, no client certificate where one is
        // required, a client that never finished: the client is dropped, nothing else happens.
        spdlog::debug("TLS handshake with {}:{} failed: {}", info_.remote_ip, info_.remote_port,
                      timed_out_ ? std::string("timed out (http.ssl.handshake_timeout)") : ec.message());
        co_return false;
    }
    info_.server_vars = describe_handshake(tls_->native_handle());
    info_.server_var_attrs =
        std::make_shared<const goridge::HeaderList>(server_var_attributes(info_.server_vars));
    co_return true;
}

void Connection::finish_connection() {
    close_socket();
    if (on_close_) {
        on_close_(this);
    }
}

asio::awaitable<std::size_t> Connection::read_some(char* buf, std::size_t n, Duration timeout) {
    if (closed_ || timed_out_) {
        co_return 0;
    }
    set_deadline(timeout);
    const auto b = asio::buffer(buf, n);
    auto [ec, got] =
        tls_ ? co_await tls_->async_read_some(b, nothrow) : co_await socket_.async_read_some(b, nothrow);
    clear_deadline();
    co_return ec ? 0 : got;
}

void Connection::cancel_read() {
    boost::system::error_code ec;
    socket_.cancel(ec);
}

asio::awaitable<bool> Connection::starts_with_preface() {
    static constexpr std::string_view kPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    set_deadline(cfg_.idle_timeout);
    char buf[kPreface.size()];
    while (inbuf_.size() < kPreface.size() && std::string_view(kPreface).starts_with(inbuf_)) {
        const auto b = asio::buffer(buf, kPreface.size() - inbuf_.size());
        auto [ec, got] =
            tls_ ? co_await tls_->async_read_some(b, nothrow) : co_await socket_.async_read_some(b, nothrow);
        inbuf_.append(buf, got);
        if (ec) {
            break;
        }
    }
    clear_deadline();
    co_return inbuf_.size() >= kPreface.size() && inbuf_.starts_with(kPreface);
}

bool Connection::wants_h2c(const Request& req) const {
    if (!cfg_.http2.h2c || tls_ || !req.upgrade || !req.body.empty() ||
        req.header("HTTP2-Settings").empty()) {
        return false;
    }
    for (const std::string_view proto : {req.header("Upgrade")}) {
        if (text::iequals(text::trim(proto.substr(0, proto.find(','))), "h2c")) {
            return true;
        }
    }
    return false;
}

asio::awaitable<void> Connection::serve_h2(Request* upgrade, std::string_view settings) {
    idle_ = false;
    std::string preread = inbuf_.substr(inpos_);
    inbuf_.clear();
    inpos_ = 0;
    if (tls_ && keep_tls_buffers) {
        // Asio has OpenSSL free its record buffers (16 KB each way) whenever they run empty, which
        // keeps an idle HTTP/1.1 connection small. An HTTP/2 connection that multiplexes would
        // allocate and free them several times per request (with glibc consolidating its free
        // lists each time): here they stay while streams are open and go when none is (idle()).
        SSL_clear_mode(tls_->native_handle(), SSL_MODE_RELEASE_BUFFERS);
    }
    Http2Session session(*this, socket_.get_executor(), handler_, info_, cfg_);
    h2_ = &session;
    if (stopping_()) {
        session.shutdown();
    }
    co_await session.run(preread, upgrade, settings);
    h2_ = nullptr;
}

asio::awaitable<void> Connection::run() {
    auto self = shared_from_this();
    if (!tls_handshaken_) {
        tls_handshaken_ =
            true; // the first run() of this connection (another starts after rr_finish_request())
        if (tls_) {
            const bool secured = co_await handshake();
            if (!secured) {
                finish_connection();
                co_return;
            }
            const unsigned char* alpn = nullptr;
            unsigned alpn_len = 0;
            SSL_get0_alpn_selected(tls_->native_handle(), &alpn, &alpn_len);
            if (std::string_view(reinterpret_cast<const char*>(alpn), alpn_len) == "h2") {
                co_await serve_h2(nullptr, {});
                finish_connection();
                co_return;
            }
        } else if (cfg_.http2.h2c) {
            const bool h2 = co_await starts_with_preface();
            if (h2) {
                co_await serve_h2(nullptr, {});
                finish_connection();
                co_return;
            }
        }
    }
    for (;;) {
        Request req;
        const ReadOutcome got = co_await read_request(req);
        if (got != ReadOutcome::request) {
            break;
        }
        idle_ = false;
        clear_deadline(); // no timeout while PHP works on the request
        if (wants_h2c(req)) {
            const std::string settings(req.header("HTTP2-Settings"));
            const bool switched = co_await write(
                "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n");
            if (switched) {
                co_await serve_h2(&req, settings);
            }
            break;
        }
        const bool keep_alive = req.keep_alive && !req.upgrade && !close_after_ && !stopping_();
        close_after_ = !keep_alive;
        started_ = cfg_.access_logs || cfg_.record_stats ? std::chrono::steady_clock::now()
                                                         : std::chrono::steady_clock::time_point{};
        resp_bytes_ = 0;
        current_ = &req;
        Http1Writer writer(*this, socket_.get_executor(), req, keep_alive);
        writer_ = &writer;
        const uint64_t turn = turn_;
        co_await handler_.handle(req, info_, writer);
        co_await writer.complete();
        if (turn != turn_) {
            co_return; // release_response(): another run() serves this connection now
        }
        current_ = nullptr;
        if (!response_done(req.method, req.target)) {
            break;
        }
    }
    close_socket();
    if (on_close_) {
        on_close_(this);
    }
}

bool Connection::response_done(std::string_view method, std::string_view target) {
    const int status = writer_ != nullptr ? writer_->status() : 0;
    writer_ = nullptr;
    if (RequestStats* stats = RequestStats::active(); stats != nullptr && cfg_.record_stats) {
        stats->record(status, std::chrono::duration_cast<std::chrono::microseconds>(
                                  std::chrono::steady_clock::now() - started_));
    }
    if (cfg_.access_logs) {
        const auto us =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started_)
                .count();
        const double ms = static_cast<double>(us) / 1000.0;
        const bool gone = closed_ && status == 0;
        log::log_event(log::channel("http"), spdlog::level::info,
                       fmt::format("http log: {} {} {} {}B {:.3f}ms remote={}{}", method, target, status,
                                   resp_bytes_, ms, info_.remote_ip, gone ? " (client gone)" : ""),
                       "http log",
                       {{"method", std::string(method)},
                        {"uri", std::string(target)},
                        {"status", std::to_string(status)},
                        {"bytes", std::to_string(resp_bytes_)},
                        {"elapsed_ms", fmt::format("{:.3f}", ms)},
                        {"remote_addr", info_.remote_ip},
                        {"protocol", "HTTP/1.1"},
                        {"client_gone", gone ? "true" : "false"}});
    }
    if (close_after_ || closed_) {
        return false;
    }
    if (inbuf_.empty() && inbuf_.capacity() > kIdleBufferCap) {
        std::string().swap(inbuf_);
    }
    if (rbuf_size_ > kIdleReadChunk) {
        rbuf_.reset();
        rbuf_size_ = 0;
    }
    return true;
}

void Connection::idle() {
    if (tls_ && keep_tls_buffers) {
        SSL_free_buffers(tls_->native_handle()); // (does nothing while OpenSSL holds unread bytes)
    }
}

void Connection::release_response() {
    if (current_ == nullptr) {
        return;
    }
    // The handler of the current request goes on without this connection (rr_finish_request()):
    // its run() stops when the handler returns, and a new run() takes the next request now.
    ++turn_;
    const bool more = response_done(current_->method, current_->target);
    current_ = nullptr;
    auto self = shared_from_this();
    if (!more) {
        close_socket();
        if (on_close_) {
            on_close_(this);
        }
        return;
    }
    asio::co_spawn(
        socket_.get_executor(), [self] { return self->run(); }, asio::detached);
}

} // namespace rr::http
