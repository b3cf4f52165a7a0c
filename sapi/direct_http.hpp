// http.pool.dispatch: direct. The worker accepts on the HTTP listener it shares with the other
// workers (and on the HTTPS one with http.ssl: TLS with OpenSSL on the socket, the context inherited
// from the master) and serves HTTP/1.1, or HTTP/2 when ALPN chose h2 (direct_h2.hpp), on its own
// connections, as an nginx worker does; the
// master only supervises it (start, stop, replace) over fd 0/1. One request runs at a time: while PHP works
// on one, this worker's other connections wait — the price of the mode, said in the README. In classic mode
// the worker routes each request itself (goridge-compat/classic_route.hpp): static files and the server's own
// answers go out from here, scripts run in PHP.
#pragma once

#include "goridge-compat/classic_route.hpp"
#include "goridge-compat/file_handle.hpp"
#include "goridge-compat/http_request.hpp"
#include "goridge-compat/identity.hpp"
#include "goridge-compat/zygote_options.hpp"
#include "sapi/channel.hpp"
#include "sapi/transport.hpp"

#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>

namespace rr::sapi {

class DirectHttp final : public Transport {
public:
    // `control`: the master's channel (stop and pid requests arrive on it; no jobs). Either listener
    // may be absent; `tls_listener` needs options.tls_context.
    DirectHttp(FileHandle listener, FileHandle tls_listener, Channel& control,
               const zygote::DirectOptions& options);
    ~DirectHttp() override;
    DirectHttp(const DirectHttp&) = delete;
    DirectHttp& operator=(const DirectHttp&) = delete;

    WaitResult next(HttpRequest& r) override;
    bool send(HttpRequest& r, Part part) override;
    bool interim(HttpRequest& r, int status, const goridge::HeaderList& headers) override;
    bool client_gone(HttpRequest& r) override;
    const std::string& error_text() const override { return error_; }
    // Readable when the loop has something to do (a connection, bytes, a message from the master).
    int wait_fd() const { return epoll_.get(); }

private:
    struct Conn;
    using Clock = std::chrono::steady_clock;

    void accept_some(int listener, bool tls);
    // HTTPS: goes on with the handshake; false when it failed (the connection is dropped).
    bool handshake(Conn& c);
    // The socket or, for HTTPS, the TLS session over it: bytes read (0: the client closed), or -1
    // with errno (EAGAIN: nothing yet).
    ssize_t receive(Conn& c, char* buf, std::size_t n);
    // Writes some of `n` bytes; -1 with errno (EAGAIN: no room now). `more`: MSG_MORE (plain only).
    ssize_t transmit(Conn& c, const char* p, std::size_t n, bool more);
    // Waits up to `ms` for `c`'s socket to be ready for `events` (POLLIN/POLLOUT).
    static bool wait_ready(Conn& c, short events, int ms);
    // Reads what the master sent; false when the worker must stop.
    bool handle_control();
    // Reads from `c` (an HTTP/2 session gets the bytes at once); false when the connection is
    // finished (closed by the client or failed).
    bool read_from(Conn& c);
    // Parses what `c` has buffered; true with `r` filled when a whole request is there.
    bool parse(Conn& c, HttpRequest& r);
    // After a response: back to reading `current_`, or close it.
    void finish_current();
    void expire(Clock::time_point now);
    void drop(Conn& c);
    bool write_all(Conn& c, std::string_view a, std::string_view b = {}, std::string_view d = {});
    // Classic mode: what the router says for `req`, when it is not a script to run.
    enum class After {
        next,   // answered: the connection's next request may be parsed
        parked, // the answer is still going out (resume() goes on with it)
        gone,   // the connection is finished and dropped
    };
    After answer_route(Conn& c, const http::Request& req, http::ClassicRoute& route);
    After after_answer(Conn& c);
    // An answer of the worker's own (classic mode's static files and router answers, 413).
    struct Answer {
        int status = 200;
        goridge::HeaderList headers;
        std::string body;
        FileHandle file; // the body is this file's range instead
        uint64_t offset = 0;
        uint64_t length = 0;
    };
    Answer route_answer(const http::Request& req, http::ClassicRoute& route);
    Answer static_answer(const http::Request& req, http::PathResolver::Resolved& f);
    // Queues `a` on `c` (HTTP/1: c.pending and c.file, sent by pump(); HTTP/2: on c.stream).
    void emit(Conn& c, Answer a);
    // `r` for PHP: `req`'s context (and in classic mode where its script is), its body.
    void for_php(const Conn& c, http::Request& req, const http::ClassicRoute& route, HttpRequest& r);
    // HTTP/2 connections: the next stream for PHP, after answering those the worker answers itself.
    bool parse_h2(Conn& c, HttpRequest& r);
    // Writes what `c`'s HTTP/2 session has ready, as far as the socket takes it without waiting
    // (the rest when epoll says there is room); false (and `c` dead) when the write failed.
    bool flush_h2(Conn& c);
    // Whether epoll reports room to write on `c` too.
    void want_out(Conn& c, bool on);
    // A streamed HTTP/2 answer holds more than kH2StreamBuffer: waits (reading the client's
    // window updates) until it holds less, or resets the stream after write_timeout without progress.
    void wait_h2_room(Conn& c);
    // Sends what is left of the answer (c.pending, then c.file) without blocking.
    void pump(Conn& c);
    void park(Conn& c);
    void resume(Conn& c);

    FileHandle listener_;
    FileHandle tls_listener_;
    ssl_ctx_st* tls_ = nullptr; // options.tls_context (the master's: ALPN h2, then http/1.1)
    std::string tls_out_;       // what one write_all() hands OpenSSL at once (one record, not three)
    FileHandle epoll_;
    Channel& control_;
    zygote::DirectOptions options_;
    std::unique_ptr<http::PathResolver> root_; // classic mode's document root
    // This worker's user and groups. A script its mode bits do not let it read still goes to
    // run_classic_request(), which asks access(2) (an ACL may allow it).
    Identity self_;
    std::unordered_map<int, std::unique_ptr<Conn>> conns_;
    std::deque<int> ready_; // connections with unparsed bytes
    Conn* current_ = nullptr;
    uint64_t served_ = 0;
    bool stopping_ = false;
    Clock::time_point next_expiry_{};
    std::string error_;
};

} // namespace rr::sapi
