#include "direct_http.hpp"

#include "goridge-compat/control.hpp"
#include "goridge-compat/file_conditions.hpp"
#include "goridge-compat/http1_parser.hpp"
#include "goridge-compat/http1_response.hpp"
#include "goridge-compat/mime.hpp"
#include "goridge-compat/request_context.hpp"
#include "goridge-compat/text.hpp"
#include "goridge-compat/tls_vars.hpp"
#include "goridge-compat/trailers.hpp"
#include "sapi/direct_h2.hpp"
#include "sapi/pending_write.hpp"
#include "sapi/worker_log.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace rr::sapi {
namespace {

// epoll's data for the descriptors that are not connections.
constexpr uint64_t kListenerTag = ~0ull;
constexpr uint64_t kControlTag = ~0ull - 1;
constexpr uint64_t kTlsListenerTag = ~0ull - 2;
// How often idle and slow connections are checked for their timeouts.
constexpr auto kExpiryEvery = std::chrono::milliseconds(250);
constexpr std::size_t kReadChunk = 64 * 1024;
// A leaving worker closes a keep-alive connection after it has had no request for this long.
constexpr auto kDrainQuiet = std::chrono::milliseconds(200);
// Connections taken per wake-up of the listener: the other workers take the rest.
constexpr int kAcceptBatch = 1;

void describe(const sockaddr_storage& a, std::string& ip, uint16_t& port) {
    char buf[INET6_ADDRSTRLEN] = "";
    if (a.ss_family == AF_INET) {
        const auto& in = reinterpret_cast<const sockaddr_in&>(a);
        ::inet_ntop(AF_INET, &in.sin_addr, buf, sizeof buf);
        port = ntohs(in.sin_port);
    } else if (a.ss_family == AF_INET6) {
        const auto& in6 = reinterpret_cast<const sockaddr_in6&>(a);
        ::inet_ntop(AF_INET6, &in6.sin6_addr, buf, sizeof buf);
        port = ntohs(in6.sin6_port);
    }
    ip = buf;
}

// HTTP/2 streams of one connection served in a row before the worker turns to its other
// connections: their answers leave together (one TLS record, one system call).
constexpr unsigned kH2Batch = 16;
constexpr std::size_t kH2WriteBatch = 64 * 1024;
// A streamed HTTP/2 answer (flush()) holds at most this much in the worker: beyond it PHP waits for
// the client to take some, as it would for a full socket over HTTP/1.1.
constexpr uint64_t kH2StreamBuffer = 256 * 1024;
// Static files of one HTTP/2 connection being sent at once (each holds a descriptor until it is
// out); its next streams wait meanwhile.
constexpr unsigned kH2OpenFiles = 4;
// How long a leaving worker tries to hand its HTTP/2 connections what they are still owed.
constexpr auto kLeaveFlush = std::chrono::seconds(1);

struct SslFree {
    void operator()(SSL* s) const { SSL_free(s); }
};

} // namespace

struct DirectHttp::Conn {
    Conn(int fd, const zygote::DirectOptions& o)
        : sock(fd), parser(http::ParserLimits{o.max_header_bytes, o.max_body_bytes}) {}

    FileHandle sock;
    std::unique_ptr<SSL, SslFree> ssl; // HTTPS: the TLS session over `sock` (freed before it closes)
    bool handshaking = false;          // ... still in its handshake
    bool tls_failed = false;           // ... broken: no close_notify may be sent
    std::unique_ptr<DirectH2> h2;      // ALPN chose h2: the connection's HTTP/2 session
    int32_t stream = 0;                // ... the stream PHP (or the worker) answers now
    unsigned batch = 0;                // ... streams served in a row (kH2Batch)
    bool goaway = false;               // ... told to go (the worker leaves)
    Clock::time_point goaway_at;
    std::string h2_out; // ... frames on their way out (flush_h2)
    std::size_t h2_sent = 0;
    bool wants_out = false; // ... waits for room to write (EPOLLOUT)
    bool h2_over() const { return h2->finished() && h2_sent >= h2_out.size(); }
    http::ConnectionInfo info;
    http::RequestParser parser;
    std::string in;
    std::size_t pos = 0;
    Clock::time_point deadline;
    Clock::time_point last_active; // accepted, or its last response went out
    bool started = false;          // bytes of a request have arrived
    bool busy = false;             // its request is with PHP
    bool eof = false;              // the client closed its side
    bool eof_message = false;      // ... and that completed a request (one that ends at EOF), not yet served

    // The response in progress.
    bool keep_alive = true;
    int minor = 1;
    bool head_request = false;
    bool head_sent = false;
    bool chunked = false;
    bool complete = false; // the whole response went out
    // `Trailer: A, B`: headers A and B go after the body (chunked), as the master sends them.
    bool trailers_announced = false;
    goridge::HeaderList trailers;
    bool dead = false; // the client left or a write failed: closed after the request

    // Classic mode: an answer of the worker's own (an error, a redirect, a static file's head and
    // body) still going out because the client reads slowly. The worker serves its other
    // connections meanwhile and goes on when the socket has room again.
    std::string pending; // bytes before the file
    std::size_t pending_sent = 0;
    FileHandle file;
    off_t file_offset = 0;
    uint64_t file_left = 0;
    bool sending() const { return pending_sent < pending.size() || file; }
};

DirectHttp::DirectHttp(FileHandle listener, FileHandle tls_listener, Channel& control,
                       const zygote::DirectOptions& options)
    : listener_(std::move(listener)), tls_listener_(std::move(tls_listener)), tls_(options.tls_context),
      epoll_(::epoll_create1(EPOLL_CLOEXEC)), control_(control), options_(options) {
    if (tls_listener_ && tls_ == nullptr) {
        log_line("an HTTPS listener came without a TLS context", "not served");
        tls_listener_.reset();
    }
    // No master in the request path: the worker's wake-ups are the client's answers.
    sched_param sp{};
    ::sched_setscheduler(0, SCHED_OTHER, &sp);
    if (options_.classic.enabled) {
        // Who this worker is (after server.user / server.group took effect): whether it may read a script.
        self_.uid = ::geteuid();
        self_.gid = ::getegid();
        self_.groups.resize(static_cast<std::size_t>(std::max(::getgroups(0, nullptr), 0)));
        if (::getgroups(static_cast<int>(self_.groups.size()), self_.groups.data()) < 0) {
            self_.groups.clear();
        }
        try {
            root_ = std::make_unique<http::PathResolver>(
                http::PathResolver::Options{options_.classic.root, true, options_.classic.symlinks});
        } catch (const std::exception& e) {
            // (The master opened it at start; it went away or this user may not open it.)
            log_line("cannot open the document root", e.what());
            stopping_ = true;
        }
    }
    epoll_event ev{};
    for (const auto& [l, tag] :
         {std::pair{listener_.get(), kListenerTag}, {tls_listener_.get(), kTlsListenerTag}}) {
        if (l < 0) {
            continue;
        }
        // A listener's file description is shared with the master and the other workers, none of
        // which may block in accept(): when epoll says a connection is there, another worker may
        // take it first.
        ::fcntl(l, F_SETFL, ::fcntl(l, F_GETFL) | O_NONBLOCK);
        ev.events = EPOLLIN;
        ev.data.u64 = tag;
        ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, l, &ev);
    }
    ev.events = EPOLLIN;
    ev.data.u64 = kControlTag;
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, 0, &ev);
}

DirectHttp::~DirectHttp() {
    // A worker that leaves without draining (its script ended, a fatal error): its HTTP/2
    // connections get what they are still owed for at most kLeaveFlush, and a GOAWAY that tells
    // their clients which streams were not processed (they may send those again). (An HTTP/1.1
    // answer is written whole before the request ends.)
    const auto until = Clock::now() + kLeaveFlush;
    const auto drain = [&](Conn& c) {
        while (flush_h2(c) && c.wants_out) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
            if (left.count() <= 0 || !wait_ready(c, POLLOUT, static_cast<int>(left.count()))) {
                break;
            }
        }
    };
    for (auto& [fd, c] : conns_) {
        if (c->h2 && !c->dead) {
            drain(*c); // the answers first: nghttp2 would put the GOAWAY before their DATA
            c->h2->abandon();
            drain(*c);
        }
    }
}

void DirectHttp::accept_some(int listener, bool tls) {
    for (int i = 0; i < kAcceptBatch && listener >= 0; ++i) {
        sockaddr_storage peer{};
        socklen_t len = sizeof peer;
        const int fd =
            ::accept4(listener, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED) {
                log_line("accept failed", std::strerror(errno));
            }
            return;
        }
        auto c = std::make_unique<Conn>(fd, options_);
        describe(peer, c->info.remote_ip, c->info.remote_port);
        sockaddr_storage local{};
        len = sizeof local;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) == 0) {
            describe(local, c->info.local_ip, c->info.local_port);
        }
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        c->last_active = Clock::now();
        c->deadline = c->last_active + std::chrono::milliseconds(options_.idle_timeout_ms);
        if (tls) {
            c->ssl.reset(SSL_new(tls_));
            if (!c->ssl || SSL_set_fd(c->ssl.get(), fd) != 1) {
                log_line("cannot start TLS on a connection", "out of memory");
                continue;
            }
            SSL_set_accept_state(c->ssl.get());
            SSL_set_mode(c->ssl.get(), SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
            // Whole socket reads, not a record's header and then its body (two system calls each):
            // read_from() takes everything OpenSSL holds before it waits for epoll again.
            SSL_set_read_ahead(c->ssl.get(), 1);
            c->handshaking = true;
            c->info.tls = true;
            c->deadline = c->last_active + std::chrono::milliseconds(options_.tls_handshake_timeout_ms);
        }
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLRDHUP;
        ev.data.u64 = static_cast<uint64_t>(fd);
        ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev);
        conns_.emplace(fd, std::move(c));
    }
}

bool DirectHttp::handle_control() {
    std::deque<goridge::Frame> frames;
    const bool open = control_.read_available(frames);
    for (auto& f : frames) {
        if (!f.has(goridge::flag::kControl)) {
            continue; // no jobs come to a direct worker; a stray stream signal is dropped
        }
        const auto cmd = goridge::parse_control(f.payload);
        if (cmd.stop) {
            return false;
        }
        if (cmd.pid > 0 &&
            !control_.write(goridge::encode(goridge::flag::kControl, 0, {},
                                            goridge::pid_payload(static_cast<int64_t>(::getpid()))))) {
            return false;
        }
    }
    if (!open) {
        error_ = control_.error_text();
    }
    return open;
}

bool DirectHttp::wait_ready(Conn& c, short events, int ms) {
    pollfd p{c.sock.get(), events, 0};
    return ::poll(&p, 1, ms) == 1 && (p.revents & events) != 0;
}

bool DirectHttp::handshake(Conn& c) {
    for (;;) {
        ERR_clear_error();
        const int rc = SSL_do_handshake(c.ssl.get());
        if (rc == 1) {
            break;
        }
        const int err = SSL_get_error(c.ssl.get(), rc);
        if (err == SSL_ERROR_WANT_READ) {
            return true; // the client's next flight: the next EPOLLIN
        }
        if (err == SSL_ERROR_WANT_WRITE && wait_ready(c, POLLOUT, options_.tls_handshake_timeout_ms)) {
            continue;
        }
        // Plain HTTP sent to the HTTPS port, an unknown CA, no client certificate where one is
        // required, a client that went away: the connection is dropped, nothing else happens.
        c.tls_failed = true;
        return false;
    }
    c.handshaking = false;
    c.info.server_vars = http::describe_handshake(c.ssl.get());
    c.info.server_var_attrs =
        std::make_shared<const goridge::HeaderList>(http::server_var_attributes(c.info.server_vars));
    c.deadline = Clock::now() + std::chrono::milliseconds(options_.idle_timeout_ms);
    const unsigned char* alpn = nullptr;
    unsigned alpn_len = 0;
    SSL_get0_alpn_selected(c.ssl.get(), &alpn, &alpn_len);
    if (alpn_len == 2 && alpn[0] == 'h' && alpn[1] == '2') {
        c.h2 = std::make_unique<DirectH2>(DirectH2::Limits{options_.max_header_bytes, options_.max_body_bytes,
                                                           options_.h2_max_concurrent_streams});
        return flush_h2(c); // the server's SETTINGS
    }
    return true;
}

ssize_t DirectHttp::receive(Conn& c, char* buf, std::size_t n) {
    if (!c.ssl) {
        return ::read(c.sock.get(), buf, n);
    }
    ERR_clear_error();
    const int got = SSL_read(c.ssl.get(), buf, static_cast<int>(std::min<std::size_t>(n, INT32_MAX)));
    if (got > 0) {
        return got;
    }
    switch (SSL_get_error(c.ssl.get(), got)) {
    case SSL_ERROR_ZERO_RETURN:
        return 0; // close_notify
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
        errno = EAGAIN;
        return -1;
    default:
        c.tls_failed = true; // a truncated or broken stream is not a clean end of the request
        errno = ECONNRESET;
        return -1;
    }
}

ssize_t DirectHttp::transmit(Conn& c, const char* p, std::size_t n, bool more) {
    if (!c.ssl) {
        return ::send(c.sock.get(), p, n, MSG_NOSIGNAL | (more ? MSG_MORE : 0));
    }
    ERR_clear_error();
    const int put = SSL_write(c.ssl.get(), p, static_cast<int>(std::min<std::size_t>(n, INT32_MAX)));
    if (put > 0) {
        return put;
    }
    const int err = SSL_get_error(c.ssl.get(), put);
    if (err == SSL_ERROR_WANT_WRITE || err == SSL_ERROR_WANT_READ) {
        errno = EAGAIN;
        return -1;
    }
    c.tls_failed = true;
    errno = EPIPE;
    return -1;
}

bool DirectHttp::read_from(Conn& c) {
    if (c.handshaking) {
        if (!handshake(c)) {
            return false;
        }
        if (c.handshaking) {
            return true;
        }
    }
    char buf[kReadChunk];
    std::size_t got = 0;
    ssize_t n = 0;
    do { // (OpenSSL may hold bytes epoll cannot see, decrypted or not: they are all taken now)
        n = receive(c, buf, sizeof buf);
        if (n > 0) {
            c.in.append(buf, static_cast<std::size_t>(n));
            got += static_cast<std::size_t>(n);
        }
    } while (n > 0 && c.ssl && SSL_has_pending(c.ssl.get()) != 0);
    if (got > 0 && c.h2) {
        const bool ok = c.h2->feed(c.in.data(), c.in.size());
        c.in.clear();
        c.deadline = Clock::now() + std::chrono::milliseconds(c.h2->idle() ? options_.idle_timeout_ms
                                                                           : options_.read_timeout_ms);
        return ok && flush_h2(c) && !c.h2_over();
    }
    if (got > 0) { // (an end or an error after the bytes shows on the next read)
        const auto now = Clock::now();
        if (!c.started) {
            c.started = true;
            c.deadline = now + std::chrono::milliseconds(options_.read_header_timeout_ms);
        } else if (c.parser.headers_done()) {
            c.deadline = now + std::chrono::milliseconds(options_.read_timeout_ms);
        }
        return true;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return true;
    }
    // The client closed its side: a message that ends at EOF is still served (without keep-alive).
    if (n == 0 && !c.eof && c.parser.finish() == http::RequestParser::Event::message_complete) {
        c.eof = c.eof_message = true;
        return true;
    }
    return false;
}

void DirectHttp::for_php(const Conn& c, http::Request& req, const http::ClassicRoute& route, HttpRequest& r) {
    r.ctx = http::build_context(req, c.info);
    if (root_) {
        auto& a = r.ctx.attributes;
        a.emplace_back(goridge::kAttrScriptFilename, goridge::HeaderValues{route.script.filename});
        a.emplace_back(goridge::kAttrScriptName, goridge::HeaderValues{route.script.script_name});
        a.emplace_back(goridge::kAttrPathInfo, goridge::HeaderValues{route.script.path_info});
        a.emplace_back(goridge::kAttrDocumentRoot, goridge::HeaderValues{route.script.document_root});
        r.script_readable = mode_lets_read(route.script.st, self_);
    }
    r.body = std::move(req.body);
}

bool DirectHttp::parse_h2(Conn& c, HttpRequest& r) {
    if (c.busy || c.dead) {
        return false;
    }
    // (A connection with kH2OpenFiles files still going out gets its next streams answered when
    // they are out: flush_h2 puts it back in ready_.)
    while (c.h2->open_files() < kH2OpenFiles) {
        const int32_t id = c.h2->next_ready();
        if (id == 0) {
            break;
        }
        http::Request& req = c.h2->request(id);
        c.stream = id;
        c.head_request = req.head();
        if (c.h2->too_large(id)) {
            emit(c,
                 Answer{413, {{"Content-Type", {"text/plain; charset=utf-8"}}}, "request body too large\n"});
            continue;
        }
        http::ClassicRoute route;
        if (root_) {
            route = http::route_classic(*root_, req.target, req.method, options_.classic.rules);
            if (route.kind != http::ClassicRoute::Kind::script) {
                emit(c, route_answer(req, route));
                continue;
            }
        }
        for_php(c, req, route, r);
        // What the connection's earlier streams were answered goes out before PHP runs: this
        // request may be slow, and nothing is written while it runs.
        if (!flush_h2(c)) {
            drop(c);
            return false;
        }
        r.seq = ++worker_state().jobs_read;
        c.head_sent = c.complete = false;
        c.busy = true;
        current_ = &c;
        return true;
    }
    c.stream = 0;
    if (!flush_h2(c) || c.h2_over()) { // (the answers of the worker's own)
        drop(c);
    }
    return false;
}

void DirectHttp::wait_h2_room(Conn& c) {
    const auto timeout = std::chrono::milliseconds(options_.write_timeout_ms);
    auto progress = Clock::now();
    uint64_t held = c.h2->buffered(c.stream);
    while (!c.dead && held > kH2StreamBuffer) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(progress + timeout - Clock::now());
        if (left.count() <= 0) {
            c.h2->reset(c.stream); // the client takes nothing: the stream ends, PHP sees it gone
            flush_h2(c);
            return;
        }
        // The client's window updates come in what it sends: read it, write what nghttp2 then lets go.
        pollfd p{c.sock.get(), static_cast<short>(POLLIN | (c.wants_out ? POLLOUT : 0)), 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) == 1) {
            if ((p.revents & POLLOUT) != 0) {
                flush_h2(c);
            }
            if ((p.revents & (POLLIN | POLLHUP | POLLERR)) != 0 && !read_from(c)) {
                c.dead = true;
            }
        }
        const uint64_t now_held = c.h2->buffered(c.stream);
        if (now_held < held) {
            progress = Clock::now();
        }
        held = now_held;
    }
}

bool DirectHttp::flush_h2(Conn& c) {
    for (;;) {
        // What is left of the last batch goes first; nghttp2 keeps the rest meanwhile, so the
        // frames owed to a client that does not read pile up there, where a flood is seen.
        while (c.h2_sent < c.h2_out.size() && !c.dead) {
            const ssize_t n = transmit(c, c.h2_out.data() + c.h2_sent, c.h2_out.size() - c.h2_sent, false);
            if (n > 0) {
                c.h2_sent += static_cast<std::size_t>(n);
            } else if (n < 0 && errno == EAGAIN) {
                // The event loop goes on when the socket has room (or, when OpenSSL must read
                // first, when the client's bytes come: EPOLLIN is always watched).
                want_out(c, !SSL_want_read(c.ssl.get()));
                return true;
            } else if (!(n < 0 && errno == EINTR)) {
                c.dead = true;
            }
        }
        c.h2_out.clear();
        c.h2_sent = 0;
        if (c.dead || !c.h2->produce(c.h2_out, kH2WriteBatch)) {
            c.dead = true;
            return false;
        }
        if (c.h2_out.empty()) {
            want_out(c, false);
            return true;
        }
    }
}

void DirectHttp::want_out(Conn& c, bool on) {
    if (c.wants_out == on) {
        return;
    }
    c.wants_out = on;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | (on ? EPOLLOUT : 0u);
    ev.data.u64 = static_cast<uint64_t>(c.sock.get());
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, c.sock.get(), &ev);
}

bool DirectHttp::parse(Conn& c, HttpRequest& r) {
    if (c.h2) {
        return parse_h2(c, r);
    }
    if (c.busy || c.sending()) {
        return false; // its next request waits for the response in progress
    }
    for (;;) {
        http::RequestParser::Event ev;
        if (c.pos < c.in.size()) {
            std::size_t consumed = 0;
            ev = c.parser.feed(c.in.data() + c.pos, c.in.size() - c.pos, consumed);
            c.pos += consumed;
            if (c.pos == c.in.size()) {
                c.in.clear();
                c.pos = 0;
            }
        } else if (c.eof_message) {
            c.eof_message = false;
            ev = http::RequestParser::Event::message_complete; // completed by the client's EOF (read_from)
        } else {
            return false;
        }
        switch (ev) {
        case http::RequestParser::Event::need_more:
            return false;
        case http::RequestParser::Event::headers_complete:
            c.deadline = Clock::now() + std::chrono::milliseconds(options_.read_timeout_ms);
            if (c.parser.current().expect_continue && !write_all(c, "HTTP/1.1 100 Continue\r\n\r\n")) {
                drop(c);
                return false;
            }
            continue;
        case http::RequestParser::Event::error: {
            const int minor = c.parser.current().version_minor == 0 ? 0 : 1;
            write_all(c, http::simple_response(c.parser.error_status(), c.parser.error_reason() + "\n", false,
                                               minor));
            drop(c);
            return false;
        }
        case http::RequestParser::Event::message_complete:
            break;
        }
        http::Request req = c.parser.take();
        c.keep_alive = req.keep_alive && !c.eof;
        c.minor = req.version_minor == 0 ? 0 : 1;
        c.head_request = req.head();
        c.head_sent = c.chunked = c.complete = c.trailers_announced = false;
        c.trailers.clear();
        http::ClassicRoute route;
        if (root_) {
            route = http::route_classic(*root_, req.target, req.method, options_.classic.rules);
            if (route.kind != http::ClassicRoute::Kind::script) {
                if (answer_route(c, req, route) != After::next) {
                    return false; // finished, or a file still going out
                }
                continue; // a pipelined request may follow
            }
        }
        for_php(c, req, route, r);
        r.seq = ++worker_state().jobs_read;
        c.busy = true;
        current_ = &c;
        return true;
    }
}

WaitResult DirectHttp::next(HttpRequest& r) {
    finish_current();
    epoll_event events[64];
    for (;;) {
        while (!ready_.empty()) {
            const int fd = ready_.front();
            ready_.pop_front();
            const auto it = conns_.find(fd);
            if (it != conns_.end() && parse(*it->second, r)) {
                return WaitResult::request;
            }
        }
        if (stopping_) {
            // No new connections. One waiting for a request is closed once it has been quiet for
            // kDrainQuiet: a busy client's next request, usually already on its way, is still served
            // (with Connection: close), so closing never races with it. One that has sent part of a
            // request is served first. An HTTP/2 connection is told GOAWAY: the streams it opened
            // are served, then it closes.
            listener_.reset();
            tls_listener_.reset();
            const auto now = Clock::now();
            std::vector<Conn*> quiet;
            for (auto& [fd, c] : conns_) {
                if (c->h2) {
                    if (!c->goaway) {
                        c->goaway = true;
                        c->goaway_at = now;
                        c->h2->shutdown();
                        flush_h2(*c);
                    }
                    // Closed once its streams are answered and kDrainQuiet has passed since the
                    // GOAWAY (a request the client sent meanwhile is refused, not cut off).
                    if (c->dead || (c->h2->idle() && !c->h2->has_ready() && c->h2_sent >= c->h2_out.size() &&
                                    now - c->goaway_at >= kDrainQuiet)) {
                        quiet.push_back(c.get());
                    }
                } else if (!c->started && now - c->last_active >= kDrainQuiet) {
                    quiet.push_back(c.get());
                }
            }
            for (Conn* c : quiet) {
                drop(*c);
            }
            if (conns_.empty()) {
                return WaitResult::stop;
            }
        }
        const auto wait = stopping_ ? kDrainQuiet / 4 : kExpiryEvery;
        const int n = ::epoll_wait(epoll_.get(), events, 64, static_cast<int>(wait.count()));
        if (n < 0 && errno != EINTR) {
            error_ = std::strerror(errno);
            log_line("epoll_wait failed", error_);
            return WaitResult::stop;
        }
        for (int i = 0; i < n; ++i) {
            const uint64_t tag = events[i].data.u64;
            if (tag == kListenerTag || tag == kTlsListenerTag) {
                if (!stopping_) {
                    const bool tls = tag == kTlsListenerTag;
                    accept_some(tls ? tls_listener_.get() : listener_.get(), tls);
                }
            } else if (tag == kControlTag) {
                if (!handle_control()) {
                    stopping_ = true;
                    ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, 0, nullptr);
                }
            } else {
                const auto it = conns_.find(static_cast<int>(tag));
                if (it == conns_.end()) {
                    continue;
                }
                Conn& c = *it->second;
                if (c.h2 && (events[i].events & EPOLLOUT) != 0 && (!flush_h2(c) || c.h2_over())) {
                    drop(c);
                    continue;
                }
                if (c.h2 && (events[i].events & ~static_cast<uint32_t>(EPOLLOUT)) == 0) {
                    if (c.h2->has_ready()) {
                        ready_.push_back(it->first); // (streams that waited for files to go out)
                    }
                    continue; // only room to write
                }
                if (c.sending()) {
                    resume(c);
                    continue;
                }
                if (read_from(c)) {
                    ready_.push_back(it->first);
                } else {
                    drop(*it->second);
                }
            }
        }
        const auto now = Clock::now();
        if (now >= next_expiry_) {
            expire(now);
            next_expiry_ = now + kExpiryEvery;
        }
    }
}

void DirectHttp::finish_current() {
    Conn* c = std::exchange(current_, nullptr);
    if (c == nullptr) {
        return; // (the first call: nothing served yet)
    }
    ++served_;
    if (options_.max_jobs > 0 && served_ >= options_.max_jobs) {
        stopping_ = true; // max_jobs: this worker leaves; the master starts its replacement
    }
    c->busy = false;
    if (c->h2 && !c->dead) {
        if (!c->complete) {
            c->h2->reset(c->stream); // PHP left without an answer
        }
        c->stream = 0;
        c->last_active = Clock::now();
        c->deadline = c->last_active + std::chrono::milliseconds(c->h2->idle() ? options_.idle_timeout_ms
                                                                               : options_.read_timeout_ms);
        const int fd = c->sock.get();
        if (c->h2->has_ready() && ++c->batch < kH2Batch) {
            ready_.push_front(fd); // the connection's next stream first: their answers leave together
        } else {
            c->batch = 0;
            if (!flush_h2(*c) || c->h2_over()) {
                drop(*c);
            } else if (c->h2->has_ready()) {
                ready_.push_back(fd);
            }
        }
        return;
    }
    if (c->dead || !c->complete || !c->keep_alive) {
        drop(*c);
        return;
    }
    c->started = c->pos < c->in.size();
    c->last_active = Clock::now();
    c->deadline = c->last_active + std::chrono::milliseconds(c->started ? options_.read_header_timeout_ms
                                                                        : options_.idle_timeout_ms);
    if (c->started) {
        ready_.push_back(c->sock.get()); // pipelined: the next request is already here
    }
}

void DirectHttp::expire(Clock::time_point now) {
    std::vector<Conn*> late;
    for (auto& [fd, c] : conns_) {
        if (!c->busy && c->deadline <= now) {
            late.push_back(c.get());
        }
    }
    for (Conn* c : late) {
        if (c->h2) {
            c->h2->shutdown(); // idle (or silent mid-request) too long: GOAWAY, then close
            flush_h2(*c);
        } else if (c->started && !c->sending()) {
            write_all(*c, http::simple_response(408, "request timed out\n", false, c->minor));
        }
        drop(*c);
    }
}

void DirectHttp::drop(Conn& c) {
    if (&c == current_) {
        c.dead = true; // closed when its request is over
        return;
    }
    if (c.ssl && !c.handshaking && !c.tls_failed) {
        ERR_clear_error();
        SSL_shutdown(c.ssl.get()); // close_notify, if the socket takes it now; no wait for the client's
    }
    const int fd = c.sock.get();
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
    conns_.erase(fd);
}

bool DirectHttp::write_all(Conn& c, std::string_view a, std::string_view b, std::string_view d) {
    PendingWrite w{a, b, d};
    if (c.ssl) {
        // One buffer for OpenSSL: the head and the body in the same records.
        tls_out_.assign(a).append(b).append(d);
        w = PendingWrite{std::string_view(tls_out_)};
    }
    while (!w.done() && !c.dead) {
        ssize_t n;
        if (c.ssl) {
            n = transmit(c, static_cast<const char*>(w.iov()->iov_base), w.iov()->iov_len, false);
        } else {
            msghdr msg{};
            msg.msg_iov = w.iov();
            msg.msg_iovlen = static_cast<std::size_t>(w.count());
            n = ::sendmsg(c.sock.get(), &msg, MSG_NOSIGNAL);
        }
        if (n >= 0) {
            w.consumed(static_cast<std::size_t>(n));
            continue;
        }
        if (errno == EINTR) {
            continue;
        }
        // The client reads slowly: wait for room, at most write_timeout without progress (OpenSSL
        // may need to read first: a TLS 1.3 key update).
        const short want = c.ssl && SSL_want_read(c.ssl.get()) ? POLLIN : POLLOUT;
        if (errno == EAGAIN && wait_ready(c, want, options_.write_timeout_ms)) {
            continue;
        }
        c.dead = true;
    }
    if (c.ssl && tls_out_.capacity() > 2 * kReadChunk) {
        std::string().swap(tls_out_); // a large answer's copy is not kept
    }
    return !c.dead;
}

DirectHttp::After DirectHttp::answer_route(Conn& c, const http::Request& req, http::ClassicRoute& route) {
    emit(c, route_answer(req, route));
    pump(c);
    if (c.sending() && !c.dead) {
        park(c);
        return After::parked;
    }
    return after_answer(c);
}

DirectHttp::After DirectHttp::after_answer(Conn& c) {
    // As after a PHP response (finish_current), without counting against max_jobs: no PHP ran.
    if (c.dead || !c.complete || !c.keep_alive) {
        drop(c);
        return After::gone;
    }
    c.started = c.pos < c.in.size();
    c.last_active = Clock::now();
    c.deadline = c.last_active + std::chrono::milliseconds(c.started ? options_.read_header_timeout_ms
                                                                     : options_.idle_timeout_ms);
    return After::next;
}

void DirectHttp::park(Conn& c) {
    // Only room to write matters now: the next request is read once the file is out.
    epoll_event ev{};
    ev.events = EPOLLOUT;
    ev.data.u64 = static_cast<uint64_t>(c.sock.get());
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, c.sock.get(), &ev);
    c.started = true; // (not a quiet keep-alive connection a leaving worker may close)
    c.deadline = Clock::now() + std::chrono::milliseconds(options_.write_timeout_ms);
}

void DirectHttp::resume(Conn& c) {
    pump(c);
    if (c.sending() && !c.dead) {
        return; // still going: the next EPOLLOUT
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.u64 = static_cast<uint64_t>(c.sock.get());
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, c.sock.get(), &ev);
    const int fd = c.sock.get();
    if (after_answer(c) == After::next && c.started) {
        ready_.push_back(fd); // pipelined: the next request is already here
    }
}

DirectHttp::Answer DirectHttp::route_answer(const http::Request& req, http::ClassicRoute& route) {
    if (route.kind == http::ClassicRoute::Kind::static_file) {
        return static_answer(req, route.file);
    }
    goridge::add_header(route.headers, "Content-Type", "text/plain; charset=utf-8");
    return Answer{route.status, std::move(route.headers), std::move(route.body)};
}

DirectHttp::Answer DirectHttp::static_answer(const http::Request& req, http::PathResolver::Resolved& f) {
    using Kind = http::PathResolver::Kind;
    if (const Kind k = root_->open(f); k != Kind::file) {
        // Made unreadable, removed or replaced since it was routed.
        const bool forbidden = k == Kind::forbidden;
        return Answer{forbidden ? 403 : 404,
                      {{"Content-Type", {"text/plain; charset=utf-8"}}},
                      forbidden ? "forbidden\n" : "not found\n"};
    }
    // The same headers and tag (mtime and size) as the master's classic-mode document root.
    const auto size = static_cast<uint64_t>(f.st.st_size);
    const std::string etag = http::mtime_etag(f.st);
    goridge::HeaderList h{{"Last-Modified", {http::format_http_date(f.st.st_mtime)}}, {"ETag", {etag}}};
    if (http::not_modified(req.header("If-None-Match"), req.header("If-Modified-Since"), etag,
                           f.st.st_mtime)) {
        return Answer{304, std::move(h)};
    }
    h.emplace_back("Accept-Ranges", goridge::HeaderValues{"bytes"});
    Answer a{200};
    a.length = size;
    if (const auto range = req.header("Range");
        !range.empty() && http::if_range_holds(req.header("If-Range"), etag, f.st.st_mtime)) {
        std::vector<http::ByteRange> ranges;
        switch (http::parse_ranges(range, size, ranges)) {
        case http::RangeResult::ok:
            // One range is 206; several get the whole file (RFC 9110 lets a server ignore Range):
            // multipart/byteranges is left to the master.
            if (ranges.size() == 1) {
                a.status = 206;
                a.offset = ranges[0].start;
                a.length = ranges[0].len;
                h.emplace_back("Content-Range",
                               goridge::HeaderValues{"bytes " + std::to_string(a.offset) + "-" +
                                                     std::to_string(a.offset + a.length - 1) + "/" +
                                                     std::to_string(size)});
            }
            break;
        case http::RangeResult::unsatisfiable:
            h.emplace_back("Content-Type", goridge::HeaderValues{"text/plain; charset=utf-8"});
            h.emplace_back("Content-Range", goridge::HeaderValues{"bytes */" + std::to_string(size)});
            return Answer{416, std::move(h)};
        case http::RangeResult::none:
            break;
        }
    }
    h.emplace_back("Content-Type",
                   goridge::HeaderValues{std::string(http::mime_type(text::file_extension(f.rel)))});
    a.headers = std::move(h);
    a.file = std::move(f.file);
    return a;
}

void DirectHttp::emit(Conn& c, Answer a) {
    const bool has_body = http::status_has_body(a.status);
    const uint64_t length = a.file ? a.length : a.body.size();
    if (c.h2) {
        c.h2->start(c.stream, a.status, a.headers, has_body ? std::optional<uint64_t>(length) : std::nullopt);
        if (a.file) {
            c.h2->file(c.stream, std::move(a.file), a.offset, a.length);
        } else {
            c.h2->body(c.stream, a.body, true);
        }
        return;
    }
    http::ResponseHead h;
    h.status = a.status;
    h.headers = &a.headers;
    h.version_minor = c.minor;
    h.keep_alive = c.keep_alive && !stopping_;
    h.framing = has_body ? http::BodyFraming::content_length : http::BodyFraming::none;
    h.content_length = length;
    c.keep_alive = h.keep_alive;
    http::write_head(c.pending, h, http::field_ok);
    if (!c.head_request && has_body) {
        if (!a.file) {
            c.pending.append(a.body);
        } else if (a.length > 0) {
            c.file = std::move(a.file);
            c.file_offset = static_cast<off_t>(a.offset);
            c.file_left = a.length;
        }
    }
    c.complete = true;
}

void DirectHttp::pump(Conn& c) {
    const auto progress = [&] {
        c.deadline = Clock::now() + std::chrono::milliseconds(options_.write_timeout_ms);
    };
    for (;;) {
        while (c.pending_sent < c.pending.size() && !c.dead) {
            const ssize_t n = transmit(c, c.pending.data() + c.pending_sent,
                                       c.pending.size() - c.pending_sent, static_cast<bool>(c.file));
            if (n > 0) {
                c.pending_sent += static_cast<std::size_t>(n);
                progress();
            } else if (n < 0 && errno == EAGAIN) {
                return; // the socket is full: on with the other connections until it has room
            } else if (!(n < 0 && errno == EINTR)) {
                c.dead = true;
            }
        }
        c.pending.clear();
        c.pending_sent = 0;
        if (!c.ssl || !c.file || c.file_left == 0 || c.dead) {
            break;
        }
        // HTTPS: no sendfile (the kernel does not encrypt): the file goes through OpenSSL a chunk
        // at a time.
        c.pending.resize(static_cast<std::size_t>(std::min<uint64_t>(c.file_left, kReadChunk)));
        const ssize_t n = ::pread(c.file.get(), c.pending.data(), c.pending.size(), c.file_offset);
        if (n <= 0) {
            c.pending.clear();
            c.dead = true; // a read error, or the file shrank under us
            break;
        }
        c.pending.resize(static_cast<std::size_t>(n));
        c.file_offset += n;
        c.file_left -= static_cast<uint64_t>(n);
    }
    while (c.file && c.file_left > 0 && !c.dead) {
        const ssize_t n =
            ::sendfile(c.sock.get(), c.file.get(), &c.file_offset, std::min<uint64_t>(c.file_left, 1u << 30));
        if (n > 0) {
            c.file_left -= static_cast<uint64_t>(n);
            progress();
        } else if (n < 0 && errno == EAGAIN) {
            return;
        } else if (!(n < 0 && errno == EINTR)) {
            c.dead = true; // a write error, or the file shrank under us (n == 0)
        }
    }
    c.file = FileHandle();
    c.complete = c.complete && !c.dead;
}

bool DirectHttp::send(HttpRequest& r, Part part) {
    Conn* c = current_;
    if (c == nullptr || c->dead || c->complete) {
        return true; // the client is gone or has its whole response (rr_finish_request())
    }
    if (c->h2) {
        if (!c->head_sent) {
            // (A HEAD answer tells no length: PHP's body for it is not the GET's.)
            c->h2->start(c->stream, r.status, r.headers,
                         part == Part::chunk || c->head_request ? std::nullopt
                                                                : std::optional<uint64_t>(r.out.size()));
            c->head_sent = true;
        }
        c->complete = part != Part::chunk;
        c->h2->body(c->stream, r.out, c->complete);
        // A finished answer waits for the connection's other ready streams the worker answers
        // itself (they leave together, see parse_h2); a flush() or rr_finish_request() goes out now.
        if (part != Part::last || !c->h2->has_ready()) {
            flush_h2(*c);
        }
        if (part == Part::chunk) {
            wait_h2_room(*c);
        }
        return true;
    }
    const bool has_body = http::status_has_body(r.status) && !c->head_request;
    std::string head;
    // (Without a body the named fields are dropped, as the master drops them.)
    if (!c->head_sent && c->minor >= 1 && std::any_of(r.headers.begin(), r.headers.end(), [](const auto& h) {
            return text::iequals(h.first, "Trailer");
        })) {
        http::Trailers t = http::take_trailers(r.headers);
        c->trailers_announced = t.announced;
        c->trailers = std::move(t.fields);
    }
    if (!c->head_sent) {
        http::ResponseHead h;
        h.status = r.status;
        h.headers = &r.headers;
        h.version_minor = c->minor;
        h.keep_alive =
            c->keep_alive && !stopping_ && !(options_.max_jobs > 0 && served_ + 1 >= options_.max_jobs);
        if (!http::status_has_body(r.status) || c->head_request) {
            h.framing = http::BodyFraming::none; // (HEAD: the length GET would have is not known)
        } else if (part != Part::chunk && !c->trailers_announced) {
            h.framing = http::BodyFraming::content_length; // the whole body is here: its length is known
            h.content_length = r.out.size();
        } else if (c->head_request) {
            h.framing = http::BodyFraming::none;
        } else if (c->minor >= 1) {
            h.framing = http::BodyFraming::chunked;
            c->chunked = true;
        } else {
            h.framing = http::BodyFraming::close; // HTTP/1.0 streaming: the body ends with the connection
            h.keep_alive = false;
        }
        c->keep_alive = h.keep_alive;
        head.reserve(256);
        http::write_head(head, h, http::field_ok);
        c->head_sent = true;
    }
    if (part != Part::chunk) {
        c->complete = true;
    }
    if (!has_body) {
        write_all(*c, head);
    } else if (c->chunked) {
        if (!r.out.empty()) {
            char size[24];
            const auto end = std::to_chars(size, size + sizeof size, r.out.size(), 16).ptr;
            head.append(size, end);
            head.append("\r\n");
        }
        std::string_view tail = part == Part::chunk ? (r.out.empty() ? "" : "\r\n")
                                                    : (r.out.empty() ? "0\r\n\r\n" : "\r\n0\r\n\r\n");
        std::string with_trailers;
        if (part != Part::chunk && !c->trailers.empty()) {
            with_trailers = r.out.empty() ? "" : "\r\n";
            http::write_last_chunk(with_trailers, c->trailers, http::field_ok);
            tail = with_trailers;
        }
        write_all(*c, head, r.out, tail);
    } else {
        write_all(*c, head, r.out);
    }
    return true;
}

bool DirectHttp::interim(HttpRequest&, int status, const goridge::HeaderList& headers) {
    Conn* c = current_;
    if (c != nullptr && c->h2 && !c->dead && !c->head_sent) {
        c->h2->interim(c->stream, status, headers); // 103 Early Hints: a HEADERS frame
        flush_h2(*c);
        return true;
    }
    if (c == nullptr || c->dead || c->head_sent || c->minor == 0 || status < 100 || status > 199 ||
        status == 101) {
        return true; // HTTP/1.0 has no interim responses; 101 is not ours to send
    }
    std::string head;
    http::ResponseHead h;
    h.status = status;
    h.headers = &headers;
    h.framing = http::BodyFraming::none;
    http::write_head(head, h, http::field_ok);
    write_all(*c, head);
    return true;
}

bool DirectHttp::client_gone(HttpRequest&) {
    Conn* c = current_;
    if (c == nullptr || c->dead) {
        return true;
    }
    if (c->h2) {
        // A reset of this stream (or the end of the connection) is in what the client sent since.
        if (wait_ready(*c, POLLIN, 0) && !read_from(*c)) {
            c->dead = true;
        }
        return c->dead || c->h2->closed(c->stream);
    }
    pollfd p{c->sock.get(), POLLRDHUP, 0};
    if (::poll(&p, 1, 0) == 1 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0) {
        c->dead = true;
    }
    return c->dead;
}

} // namespace rr::sapi
