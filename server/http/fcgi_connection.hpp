// One FastCGI connection from a web server (nginx's fastcgi_pass): rr-php as a FastCGI responder
// (RoadRunner's http.fcgi). The params become the request — method, URI, headers from HTTP_*,
// the client's address, HTTPS — and, as nginx sends them, $_SERVER variables (SCRIPT_NAME,
// DOCUMENT_ROOT, ...). One request at a time per connection: a second BEGIN_REQUEST while one is
// served gets END_REQUEST with FCGI_CANT_MPX_CONN; FCGI_KEEP_CONN keeps the connection for the
// next; FCGI_ABORT_REQUEST (or the web server closing) counts as the client leaving. Over TCP or a
// unix socket (nginx's `fastcgi_pass unix:/path`).
#pragma once

#include "server/config/config.hpp"
#include "server/core/signal.hpp"
#include "server/http/handler.hpp"
#include "server/http/response_stream.hpp"
#include "server/http/served_connection.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rr::http {

class FcgiWriter;

class FcgiConnection : public std::enable_shared_from_this<FcgiConnection>,
                       public ResponseStream,
                       public ServedConnection {
public:
    FcgiConnection(boost::asio::generic::stream_protocol::socket socket, const config::HttpConfig& cfg,
                   Handler& handler, std::function<bool()> stopping);

    void start(std::function<void(ServedConnection*)> on_close) override;
    void stop_if_idle() override;

    // ResponseStream (the FastCGI records of the response being written)
    boost::asio::awaitable<bool> write(std::string_view a, std::string_view b = {}) override;
    std::size_t try_write(std::string_view, std::string_view) override { return 0; }
    boost::asio::awaitable<bool> send_file(int fd, uint64_t offset, uint64_t count) override;
    void close_after_response() override { close_after_ = true; }
    void release_response() override {}

private:
    // A request as its records arrived.
    struct Incoming {
        uint16_t id = 0;
        bool keep_conn = false;
        std::string params; // the PARAMS stream
        std::string body;   // the STDIN stream
        int refuse = 0;     // 413 (body over max_request_size) or 431 (params over max_header_size)
    };
    enum class Got { request, closed };
    boost::asio::awaitable<void> run();
    // After a request's handler: END_REQUEST (once), the abort watch stopped; true when the
    // connection serves another request.
    boost::asio::awaitable<bool> end_served(FcgiWriter& served);
    // A response released early (rr_finish_request()): ends it and serves the next request, while
    // the old handler goes on in the run() that started it.
    boost::asio::awaitable<void> after_release(std::shared_ptr<FcgiWriter> served);
    // Reads records until one request is complete (answering management records and refusing
    // multiplexing on the way).
    boost::asio::awaitable<Got> read_request(Incoming& in);
    // While a request is served: notes FCGI_ABORT_REQUEST for it, or the web server leaving.
    boost::asio::awaitable<void> watch(uint16_t id);
    // The next complete record from the buffer (reading more as needed); false at the end.
    boost::asio::awaitable<bool> next_record(uint8_t& type, uint16_t& id, std::string& content);
    void close_socket();

    boost::asio::generic::stream_protocol::socket socket_; // TCP or a unix socket
    boost::asio::steady_timer timer_;
    const config::HttpConfig& cfg_;
    Handler& handler_;
    std::function<bool()> stopping_;
    std::function<void(ServedConnection*)> on_close_;
    ConnectionInfo peer_; // the web server's own address (for logs)
    std::string inbuf_;
    bool idle_ = true;
    bool close_after_ = false;
    bool closed_ = false;
    bool aborted_ = false;  // the current request's client left
    bool watching_ = false; // watch() runs
    uint64_t turn_ = 0;     // bumped when a response is released: its run() stops after the handler
    Signal watch_done_;
};

} // namespace rr::http
