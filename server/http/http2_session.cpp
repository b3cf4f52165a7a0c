#include "http2_session.hpp"

#include "server/http/request_stats.hpp"

#include "goridge-compat/file_handle.hpp"
#include "goridge-compat/h2_fields.hpp"
#include "goridge-compat/text.hpp"
#include "server/core/log.hpp"
#include "server/core/temp_file.hpp"
#include "server/http/response.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nghttp2/nghttp2.h>
#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <deque>
#include <fcntl.h>
#include <unistd.h>

namespace rr::http {
namespace asio = boost::asio;

namespace {

constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::size_t kWriteBatch = 64 * 1024;
// Output held for other streams' answers goes out after this long at most, or once this much of it
// is ready.
constexpr auto kHoldFor = std::chrono::milliseconds(2);
constexpr std::size_t kHoldBytes = 16 * 1024;

// HTTP2-Settings (RFC 7540 §3.2.1): base64url without padding.
bool decode_settings(std::string_view in, std::string& out) {
    std::string b64(in);
    for (auto& c : b64) {
        c = c == '-' ? '+' : c == '_' ? '/' : c;
    }
    while (b64.size() % 4 != 0) {
        b64.push_back('=');
    }
    out.resize(b64.size() / 4 * 3);
    const int n =
        EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
    if (n < 0) {
        return false;
    }
    const auto pad = static_cast<std::size_t>(
        std::count(b64.end() - std::min<std::size_t>(2, b64.size()), b64.end(), '='));
    out.resize(static_cast<std::size_t>(n) - pad);
    return true;
}

} // namespace

// One request/response exchange. The session holds it while nghttp2 knows the stream; the handler
// serving it holds it too, so it outlives whichever lets go first.
class Http2Session::Stream final : public ResponseWriter {
public:
    Stream(Http2Session& s, int32_t id) : s_(s), id_(id), space_(s.ex_) {
        req.version_major = 2;
        req.version_minor = 0;
    }

    Request req;
    std::size_t header_bytes = 0;
    bool too_large = false; // the body went over http.max_request_size
    bool closed = false;    // nghttp2 closed the stream (done, reset, or the connection ended)
    bool dispatched = false;
    bool unanswered = false; // handed to the handler, which has not started the answer yet

    int32_t id() const { return id_; }
    void answered() {
        if (unanswered) {
            unanswered = false;
            --s_.unanswered_;
        }
    }
    void on_closed() {
        closed = true;
        out_.clear();
        space_.notify();
    }

    boost::asio::awaitable<bool> interim(int status, const goridge::HeaderList& headers) override {
        if (closed || started_ || status == 101 || status < 100 || status > 199) {
            co_return !closed;
        }
        H2Fields f;
        f.add(":status", std::to_string(status));
        f.add_all(headers, usable_field);
        auto& nva = f.nva();
        nghttp2_submit_headers(s_.session_, NGHTTP2_FLAG_NONE, id_, nullptr, nva.data(), nva.size(), nullptr);
        s_.wake_writer();
        co_return true;
    }

    bool start(int status, const goridge::HeaderList& headers, std::optional<uint64_t> length,
               bool trailers) override {
        if (started_) {
            return false;
        }
        answered();
        started_ = true; // even when the stream is gone: the handler has answered, nothing more to say
        status_ = status;
        if (closed) {
            return false;
        }
        H2Fields f;
        f.add(":status", std::to_string(status));
        f.add_all(headers, usable_field);
        f.add("date", http_date());
        const bool no_body = !status_has_body(status) || req.head() || (length && *length == 0 && !trailers);
        if (length && status_has_body(status) && !trailers) {
            f.add("content-length", std::to_string(*length));
        }
        auto& nva = f.nva();
        want_trailers_ = trailers;
        int rv = 0;
        if (no_body) {
            eof_ = true;
            rv = nghttp2_submit_response(s_.session_, id_, nva.data(), nva.size(), nullptr);
        } else {
            nghttp2_data_provider prd{};
            prd.source.ptr = this;
            prd.read_callback = &Stream::read_callback;
            rv = nghttp2_submit_response(s_.session_, id_, nva.data(), nva.size(), &prd);
        }
        s_.wake_writer();
        return rv == 0;
    }

    boost::asio::awaitable<bool> body(std::string_view a, std::string_view b, bool last) override {
        Segment seg;
        seg.bytes.reserve(a.size() + b.size());
        seg.bytes.append(a).append(b);
        if (!push(std::move(seg), last)) {
            co_return !closed;
        }
        co_return co_await wait_for_space();
    }

    boost::asio::awaitable<bool> file(int fd, uint64_t offset, uint64_t count, bool last) override {
        Segment seg;
        // Our own descriptor: the caller closes its own once this returns, before the bytes are sent.
        seg.file = FileHandle(::fcntl(fd, F_DUPFD_CLOEXEC, 0));
        if (!seg.file) {
            abort();
            co_return false;
        }
        seg.offset = offset;
        seg.length = count;
        if (!push(std::move(seg), last)) {
            co_return !closed;
        }
        co_return co_await wait_for_space();
    }

    boost::asio::awaitable<bool> finish(const goridge::HeaderList& trailers) override {
        trailers_ = trailers;
        if (!push(Segment(), true)) {
            co_return !closed;
        }
        co_return co_await wait_for_space();
    }

    bool trailers_supported() const override { return true; }

    void abort() override {
        if (!closed) {
            nghttp2_submit_rst_stream(s_.session_, NGHTTP2_FLAG_NONE, id_, NGHTTP2_INTERNAL_ERROR);
            s_.wake_writer();
        }
    }

    // Beyond `limits.memory` the body goes to a temp file (up to `limits.temp_file`), so a client
    // that reads slowly or keeps its window shut never holds the worker that produced it.
    void buffer(const SpoolLimits& limits) override {
        limits_ = &limits;
        high_water_ = std::max<std::size_t>(limits.memory, 16384);
    }
    void release() override {} // streams are independent: nothing waits for this one
    bool started() const override { return started_; }

    // nghttp2 asks for the next DATA frame's bytes.
    static ssize_t read_callback(nghttp2_session* session, int32_t, uint8_t* buf, size_t length,
                                 uint32_t* flags, nghttp2_data_source* source, void*) {
        auto* st = static_cast<Stream*>(source->ptr);
        std::size_t n = 0;
        std::size_t from_memory = 0;
        while (n < length && !st->out_.empty()) {
            Segment& seg = st->out_.front();
            if (seg.file) {
                const auto want = static_cast<std::size_t>(std::min<uint64_t>(seg.length, length - n));
                const ssize_t got = ::pread(seg.file.get(), buf + n, want, static_cast<off_t>(seg.offset));
                if (got <= 0) {
                    if (got < 0 && errno == EINTR) {
                        continue;
                    }
                    spdlog::warn("HTTP/2 stream {}: the file ended early (truncated while being sent)",
                                 st->id_);
                    return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE; // resets the stream
                }
                n += static_cast<std::size_t>(got);
                seg.offset += static_cast<uint64_t>(got);
                seg.length -= static_cast<uint64_t>(got);
                if (seg.length == 0) {
                    st->out_.pop_front();
                }
                continue;
            }
            const std::size_t take = std::min(seg.bytes.size() - seg.pos, length - n);
            std::copy_n(seg.bytes.data() + seg.pos, take, buf + n);
            n += take;
            from_memory += take;
            seg.pos += take;
            if (seg.pos == seg.bytes.size()) {
                st->out_.pop_front();
            }
        }
        st->queued_ -= std::min<uint64_t>(st->queued_, from_memory);
        st->space_.notify();
        if (st->out_.empty() && st->eof_) {
            *flags |= NGHTTP2_DATA_FLAG_EOF;
            if (st->want_trailers_) {
                *flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
                H2Fields f;
                f.add_all(st->trailers_, usable_field);
                auto& nva = f.nva();
                nghttp2_submit_trailer(session, st->id_, nva.data(), nva.size());
            }
            return static_cast<ssize_t>(n);
        }
        if (n == 0) {
            st->deferred_ = true;
            return NGHTTP2_ERR_DEFERRED;
        }
        return static_cast<ssize_t>(n);
    }

    int status() const { return status_; }

private:
    struct Segment {
        std::string bytes;
        std::size_t pos = 0;
        FileHandle file; // a file range instead of bytes
        uint64_t offset = 0;
        uint64_t length = 0;
    };

    // Queues body bytes for nghttp2 to pull (false when nothing more can be queued: the stream is
    // closed, not started, or its body already ended). (Not a coroutine: GCC 12 mishandles a
    // coroutine parameter of this type.)
    bool push(Segment&& seg, bool last) {
        if (closed || !started_ || eof_) {
            return false;
        }
        const uint64_t size = seg.file ? seg.length : seg.bytes.size();
        if (size > 0) {
            if (!seg.file && limits_ != nullptr && queued_ + size > high_water_) {
                spill(seg);
            }
            if (!seg.file) {
                queued_ += size; // only bytes in memory count against the high-water mark
            }
            out_.push_back(std::move(seg));
        }
        eof_ = last;
        if (deferred_) {
            deferred_ = false;
            nghttp2_session_resume_data(s_.session_, id_);
        }
        s_.wake_writer();
        return true;
    }

    // Moves a segment's bytes to the end of the stream's temp file (left as they are when the temp
    // file is full or cannot be written: then the producer waits for the client).
    void spill(Segment& seg) {
        const std::size_t size = seg.bytes.size();
        if (temp_end_ + size > limits_->temp_file) {
            return;
        }
        if (!temp_) {
            temp_ = anonymous_temp_file(limits_->temp_dir);
            if (!temp_) {
                return;
            }
        }
        for (std::size_t done = 0; done < size;) {
            const ssize_t n = ::pwrite(temp_.get(), seg.bytes.data() + done, size - done,
                                       static_cast<off_t>(temp_end_ + done));
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                return;
            }
            done += static_cast<std::size_t>(n);
        }
        FileHandle own(::fcntl(temp_.get(), F_DUPFD_CLOEXEC, 0));
        if (!own) {
            return;
        }
        seg.file = std::move(own);
        seg.offset = temp_end_;
        seg.length = size;
        seg.bytes = std::string();
        temp_end_ += size;
    }

    // Waits while more than the high-water mark is queued (the client reads slowly or keeps its
    // window shut), until the stream closes.
    boost::asio::awaitable<bool> wait_for_space() {
        while (!closed && queued_ > high_water_) {
            co_await space_.wait();
        }
        co_return !closed;
    }

    Http2Session& s_;
    int32_t id_;
    std::deque<Segment> out_;
    uint64_t queued_ = 0;
    std::size_t high_water_ = 256 * 1024;
    const SpoolLimits* limits_ = nullptr; // set by buffer(): spill to a temp file beyond memory
    FileHandle temp_;
    uint64_t temp_end_ = 0;
    bool started_ = false;
    bool eof_ = false;
    bool deferred_ = false;
    bool want_trailers_ = false;
    int status_ = 0;
    goridge::HeaderList trailers_;
    Signal space_;
};

// nghttp2's callbacks, as static functions over the session.
struct Http2Session::Callbacks {
    static Http2Session& self(void* user) { return *static_cast<Http2Session*>(user); }

    static int on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user) {
        if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) {
            return 0;
        }
        auto& s = self(user);
        s.streams_[frame->hd.stream_id] = std::make_shared<Stream>(s, frame->hd.stream_id);
        return 0;
    }

    static int on_header(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name_p, size_t namelen,
                         const uint8_t* value_p, size_t valuelen, uint8_t, void* user) {
        auto& s = self(user);
        const auto it = s.streams_.find(frame->hd.stream_id);
        if (it == s.streams_.end()) {
            return 0; // trailers of a stream we no longer track, or a stream we did not open
        }
        Stream& st = *it->second;
        // HPACK bomb: a small block that decodes into a huge header list resets its stream.
        st.header_bytes += namelen + valuelen + 32;
        if (st.header_bytes > s.cfg_.max_header_size) {
            spdlog::debug("HTTP/2 stream {}: header list over http.max_header_size; reset",
                          frame->hd.stream_id);
            return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE; // nghttp2 resets the stream
        }
        add_h2_request_field(st.req, std::string_view(reinterpret_cast<const char*>(name_p), namelen),
                             std::string_view(reinterpret_cast<const char*>(value_p), valuelen));
        return 0;
    }

    static int on_data_chunk(nghttp2_session* session, uint8_t, int32_t stream_id, const uint8_t* data,
                             size_t len, void* user) {
        auto& s = self(user);
        const auto it = s.streams_.find(stream_id);
        if (it == s.streams_.end()) {
            return 0;
        }
        Stream& st = *it->second;
        if (st.too_large) {
            return 0;
        }
        if (st.req.body.size() + len > s.cfg_.max_request_size) {
            st.too_large = true;
            st.req.body.clear();
            // Answered at once (413); nghttp2 resets the rest of the upload with NO_ERROR.
            s.ready_.push_back(stream_id);
            (void)session;
            return 0;
        }
        st.req.body.append(reinterpret_cast<const char*>(data), len);
        return 0;
    }

    static int on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user) {
        auto& s = self(user);
        if ((frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) &&
            (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0) {
            const auto it = s.streams_.find(frame->hd.stream_id);
            if (it != s.streams_.end() && !it->second->too_large) {
                s.ready_.push_back(frame->hd.stream_id);
            }
        }
        return 0;
    }

    static int on_stream_close(nghttp2_session*, int32_t stream_id, uint32_t error_code, void* user) {
        auto& s = self(user);
        const auto it = s.streams_.find(stream_id);
        if (it == s.streams_.end()) {
            return 0;
        }
        if (error_code != NGHTTP2_NO_ERROR) {
            spdlog::debug("HTTP/2 stream {} reset ({})", stream_id, nghttp2_http2_strerror(error_code));
        }
        it->second->on_closed();
        s.streams_.erase(it);
        return 0;
    }
};

Http2Session::Http2Session(Http2Transport& transport, asio::any_io_executor ex, Handler& handler,
                           const ConnectionInfo& info, const config::HttpConfig& cfg)
    : transport_(transport), ex_(ex), handler_(handler), info_(info), cfg_(cfg), want_write_(ex),
      handlers_done_(ex) {
    nghttp2_session_callbacks* cbs = nullptr;
    nghttp2_session_callbacks_new(&cbs);
    nghttp2_session_callbacks_set_on_begin_headers_callback(cbs, &Callbacks::on_begin_headers);
    nghttp2_session_callbacks_set_on_header_callback(cbs, &Callbacks::on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, &Callbacks::on_data_chunk);
    nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, &Callbacks::on_frame_recv);
    nghttp2_session_callbacks_set_on_stream_close_callback(cbs, &Callbacks::on_stream_close);
    nghttp2_option* opt = nullptr;
    nghttp2_option_new(&opt);
    // Floods end the connection: SETTINGS/PING acks we would owe, more than 1000 resets in a burst
    // (then 33 a second), endless CONTINUATION frames.
    nghttp2_option_set_max_outbound_ack(opt, 1000);
    nghttp2_option_set_max_settings(opt, 32);
    nghttp2_option_set_stream_reset_rate_limit(opt, 1000, 33);
    nghttp2_option_set_max_continuations(opt, 8);
    nghttp2_session_server_new2(&session_, cbs, this, opt);
    nghttp2_option_del(opt);
    nghttp2_session_callbacks_del(cbs);
}

Http2Session::~Http2Session() {
    for (auto& [id, st] : streams_) {
        st->on_closed();
    }
    nghttp2_session_del(session_);
}

bool Http2Session::finished() const {
    return dead_ || (nghttp2_session_want_read(session_) == 0 && nghttp2_session_want_write(session_) == 0);
}

void Http2Session::shutdown() {
    if (stopping_ || dead_) {
        return;
    }
    stopping_ = true;
    // Streams the client already opened are served; no new ones.
    nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE, nghttp2_session_get_last_proc_stream_id(session_),
                          NGHTTP2_NO_ERROR, nullptr, 0);
    wake_writer();
}

asio::awaitable<void> Http2Session::run(std::string_view preread, Request* upgrade,
                                        std::string_view settings) {
    std::array<nghttp2_settings_entry, 3> iv{{
        {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, cfg_.http2.max_concurrent_streams},
        {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, static_cast<uint32_t>(cfg_.max_header_size)},
        {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1u << 20},
    }};
    if (upgrade != nullptr) {
        // h2c upgrade: the HTTP/1.1 request becomes stream 1, half-closed from the client's side.
        std::string raw;
        if (!decode_settings(settings, raw) ||
            nghttp2_session_upgrade2(session_, reinterpret_cast<const uint8_t*>(raw.data()), raw.size(),
                                     upgrade->head() ? 1 : 0, nullptr) != 0) {
            co_return; // a bad HTTP2-Settings: nothing sensible to answer in either protocol
        }
        auto st = std::make_shared<Stream>(*this, 1);
        st->req = std::move(*upgrade);
        st->req.version_major = 2;
        st->req.version_minor = 0;
        streams_[1] = st;
        ready_.push_back(1);
    }
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, iv.data(), iv.size());
    // The connection window too: bodies up to a megabyte arrive without waiting for updates.
    nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, 1 << 20);
    dispatch();
    asio::co_spawn(ex_, writer(), asio::detached);
    co_await reader(std::string(preread));
    wake_writer();
    // Every handler must be done before the session goes away: they hold its streams.
    while (handlers_ > 0) {
        co_await handlers_done_.wait();
    }
    while (!writer_done_) {
        wake_writer();
        co_await handlers_done_.wait();
    }
}

asio::awaitable<void> Http2Session::reader(std::string preread) {
    std::string buf = std::move(preread);
    std::unique_ptr<char[]> chunk(new char[kReadChunk]);
    for (;;) {
        if (!buf.empty()) {
            const ssize_t rv =
                nghttp2_session_mem_recv(session_, reinterpret_cast<const uint8_t*>(buf.data()), buf.size());
            if (rv < 0) {
                // Not HTTP/2, a flood, or a broken session: the connection ends at once. (Protocol
                // errors nghttp2 can answer never get here: it queues a GOAWAY and stops reading.)
                spdlog::debug("HTTP/2 connection from {}:{} closed: {}", info_.remote_ip, info_.remote_port,
                              nghttp2_strerror(static_cast<int>(rv)));
                dead_ = true;
                transport_.cancel_read(); // a write the client does not read ends too
                break;
            }
            buf.clear();
            dispatch();
            wake_writer();
        }
        if (dead_ || nghttp2_session_want_read(session_) == 0) {
            break;
        }
        // Idle (no stream open): http.idle_timeout; while a request arrives: http.read_timeout.
        const bool idle = streams_.empty();
        const std::size_t n = co_await transport_.read_some(chunk.get(), kReadChunk,
                                                            idle ? cfg_.idle_timeout : cfg_.read_timeout);
        if (n == 0) {
            if (idle && !dead_) {
                shutdown(); // a quiet client: GOAWAY, then the connection closes
                break;
            }
            dead_ = true;
            break;
        }
        buf.assign(chunk.get(), n);
    }
    reading_ = false;
    if (dead_) {
        for (auto& [id, st] : streams_) {
            st->on_closed();
        }
    }
}

// Under load several streams of a connection are with workers at once. An answer that is ready
// while others of the connection are still being worked on waits for them (up to kHoldFor, or
// until kHoldBytes are ready): their frames then leave together, one TLS record and one system
// call where each answer took its own, and the client reads them and sends its next requests in
// one go too. An answer with no other stream in progress goes out at once.
bool Http2Session::hold_output() {
    if (unanswered_ == 0 || stopping_ || !reading_) {
        return false;
    }
    const auto now = std::chrono::steady_clock::now();
    if (hold_until_ == std::chrono::steady_clock::time_point{}) {
        hold_until_ = now + kHoldFor;
        return true;
    }
    return now < hold_until_;
}

asio::awaitable<void> Http2Session::writer() {
    std::string out;
    for (;;) {
        while (!dead_ && out.size() < kWriteBatch) {
            const uint8_t* data = nullptr;
            const ssize_t n = nghttp2_session_mem_send(session_, &data);
            if (n < 0) {
                dead_ = true;
                break;
            }
            if (n == 0) {
                break;
            }
            out.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
        }
        if (!out.empty() && (dead_ || out.size() >= kHoldBytes || !hold_output())) {
            hold_until_ = {};
            if (!dead_) {
                const bool sent = co_await transport_.write_all(out);
                dead_ = !sent;
            }
            out.clear();
            if (streams_.empty()) {
                transport_.idle(); // all answered: the connection waits for its client now
            }
            continue;
        }
        if (out.empty() && (dead_ || (!reading_ && handlers_ == 0) || finished())) {
            break;
        }
        if (out.empty()) {
            co_await want_write_.wait();
        } else {
            co_await want_write_.wait_until(hold_until_);
        }
        // Let the completions that are ready now (other streams' replies from their workers) run
        // first: their frames then leave in the same write, one TLS record and one system call.
        co_await asio::post(ex_, asio::use_awaitable);
    }
    dead_ = dead_ || finished();
    writer_done_ = true;
    transport_.cancel_read(); // the reader may still wait for bytes nobody needs now
    handlers_done_.notify();
}

void Http2Session::dispatch() {
    for (const int32_t id : ready_) {
        const auto it = streams_.find(id);
        if (it == streams_.end() || it->second->dispatched || it->second->closed) {
            continue; // reset (or closed) in the same read: it never reaches the handler
        }
        it->second->dispatched = true;
        it->second->unanswered = true;
        ++unanswered_;
        ++handlers_;
        asio::co_spawn(ex_, serve(it->second), asio::detached);
    }
    ready_.clear();
}

asio::awaitable<void> Http2Session::serve(std::shared_ptr<Stream> st) {
    const auto started = std::chrono::steady_clock::now();
    if (st->too_large) {
        co_await respond_text(*st, 413, "request body too large\n");
    } else {
        try {
            co_await handler_.handle(st->req, info_, *st);
        } catch (const std::exception& e) {
            spdlog::error("HTTP/2 stream {}: {}", st->id(), e.what());
        }
        if (!st->started() && !st->closed) {
            co_await respond_text(*st, 500, "internal server error\n");
        }
    }
    st->answered();
    if (RequestStats* stats = RequestStats::active(); stats != nullptr && cfg_.record_stats) {
        stats->record(st->status(), std::chrono::duration_cast<std::chrono::microseconds>(
                                        std::chrono::steady_clock::now() - started));
    }
    if (cfg_.access_logs) {
        const auto us =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started)
                .count();
        const double ms = static_cast<double>(us) / 1000.0;
        const bool gone = st->closed && st->status() == 0;
        log::log_event(log::channel("http"), spdlog::level::info,
                       fmt::format("http log: {} {} {} {:.3f}ms remote={} HTTP/2 stream {}{}", st->req.method,
                                   st->req.target, st->status(), ms, info_.remote_ip, st->id(),
                                   gone ? " (client gone)" : ""),
                       "http log",
                       {{"method", st->req.method},
                        {"uri", st->req.target},
                        {"status", std::to_string(st->status())},
                        {"elapsed_ms", fmt::format("{:.3f}", ms)},
                        {"remote_addr", info_.remote_ip},
                        {"protocol", "HTTP/2.0"},
                        {"stream", std::to_string(st->id())},
                        {"client_gone", gone ? "true" : "false"}});
    }
    wake_writer();
    --handlers_;
    handlers_done_.notify();
}

} // namespace rr::http
