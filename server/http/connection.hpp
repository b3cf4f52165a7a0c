// One client connection: reads requests with the parser (pipelined requests are answered in
// order, one at a time), enforces the read/idle/write timeouts, hands each request to the handler.
#pragma once

#include "goridge-compat/http1_parser.hpp"
#include "server/config/config.hpp"
#include "server/http/handler.hpp"
#include "server/http/http1_writer.hpp"
#include "server/http/http2_session.hpp"
#include "server/http/response_stream.hpp"
#include "server/http/served_connection.hpp"
#include "server/http/tls.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace rr::http {

// Speaks HTTP/1.x, or HTTP/2 (http2_session.hpp) when TLS negotiated h2 (ALPN) or, with
// http.http2.h2c, when a cleartext client starts with the HTTP/2 preface or asks to upgrade.
class Connection : public std::enable_shared_from_this<Connection>,
                   public ResponseStream,
                   public Http2Transport,
                   public ServedConnection {
public:
    // `tls`: the TLS context of an https listener; null for plain HTTP.
    Connection(boost::asio::ip::tcp::socket socket, const config::HttpConfig& cfg, Handler& handler,
               std::function<bool()> stopping, TlsContextPtr tls = nullptr);
    ~Connection() override;

    void start(std::function<void(ServedConnection*)> on_close) override;
    // Graceful shutdown: an idle connection closes now; a busy one after its current response.
    void stop_if_idle() override;

    boost::asio::awaitable<bool> write(std::string_view a, std::string_view b = {}) override;
    std::size_t try_write(std::string_view a, std::string_view b) override;
    boost::asio::awaitable<bool> send_file(int fd, uint64_t offset, uint64_t count) override;
    void close_after_response() override { close_after_ = true; }
    void release_response() override;

    // Http2Transport
    boost::asio::awaitable<std::size_t> read_some(char* buf, std::size_t n, Duration timeout) override;
    boost::asio::awaitable<bool> write_all(std::string_view bytes) override { return write(bytes); }
    void cancel_read() override;
    void idle() override;

private:
    enum class ReadOutcome { request, closed };
    boost::asio::awaitable<void> run();
    // TLS: the handshake, within http.ssl.handshake_timeout; false when it failed (the client is dropped).
    boost::asio::awaitable<bool> handshake();
    // h2c: reads the first bytes; true when they are the HTTP/2 connection preface.
    boost::asio::awaitable<bool> starts_with_preface();
    // Serves the rest of the connection as HTTP/2.
    boost::asio::awaitable<void> serve_h2(Request* upgrade, std::string_view settings);
    // The request asks to switch to cleartext HTTP/2 and may (http.http2.h2c, no body).
    bool wants_h2c(const Request& req) const;
    void finish_connection();
    // After a response: access log, buffer trimming; false when the connection must close.
    bool response_done(std::string_view method, std::string_view target);
    boost::asio::awaitable<ReadOutcome> read_request(Request& out);
    boost::asio::awaitable<void> watchdog();
    void set_deadline(Duration d);
    void clear_deadline();
    void close_socket();

    boost::asio::ip::tcp::socket socket_;
    TlsContextPtr tls_ctx_; // kept alive while the stream uses it, even after a reload replaced it
    std::unique_ptr<boost::asio::ssl::stream<boost::asio::ip::tcp::socket&>> tls_;
    std::string tls_out_; // head and body joined for one TLS record (write())
    static constexpr std::size_t kTlsCoalesce = 16 * 1024; // one TLS record's worth
    boost::asio::steady_timer timer_;
    std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
    const config::HttpConfig& cfg_;
    Handler& handler_;
    std::function<bool()> stopping_;
    std::function<void(ServedConnection*)> on_close_;
    RequestParser parser_;
    ConnectionInfo info_;
    std::string inbuf_;
    std::unique_ptr<char[]> rbuf_;
    std::size_t rbuf_size_ = 0;
    std::size_t inpos_ = 0;
    bool idle_ = true;
    // Access log bookkeeping: the bytes of the response being written (its status is the writer's).
    uint64_t resp_bytes_ = 0;
    bool close_after_ = false;
    std::chrono::steady_clock::time_point started_{}; // of the current request (access log)
    const Request* current_ = nullptr;                // the request being handled
    const Http1Writer* writer_ = nullptr;             // its response
    uint64_t turn_ = 0;                               // bumped when a handler lets go of the connection
    bool timed_out_ = false;
    bool closed_ = false;
    bool tls_handshaken_ = false; // run() starts again after rr_finish_request(): one handshake only
    Http2Session* h2_ = nullptr;  // the HTTP/2 session serving this connection, if any
};

} // namespace rr::http
