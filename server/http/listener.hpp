// A listener (HTTP, HTTPS or FastCGI): accepts connections, enforces max_connections, tracks open connections
// for graceful shutdown.
#pragma once

#include "server/config/config.hpp"
#include "server/core/event.hpp"
#include "server/core/stream_listener.hpp"
#include "server/http/served_connection.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <unordered_set>

namespace rr::http {

class Listener {
public:
    // Makes the connection for an accepted socket; `stopping` tells it the listener is stopping.
    using Factory = std::function<std::shared_ptr<ServedConnection>(boost::asio::ip::tcp::socket socket,
                                                                    std::function<bool()> stopping)>;
    // The same for a listener that may be a unix socket: the connection gets a generic socket.
    using StreamFactory = std::function<std::shared_ptr<ServedConnection>(
        boost::asio::generic::stream_protocol::socket socket, std::function<bool()> stopping)>;
    // Listens on `address`, host:port (named `key` in errors). Over http.max_connections an HTTP
    // listener answers 503 (`answer_overload`); the others just close the connection.
    Listener(boost::asio::io_context& io, const config::HttpConfig& cfg, std::string address, std::string key,
             Factory make, bool answer_overload);
    // Listens on `address`, tcp://host:port (or host:port) or unix:///path (FastCGI). Over
    // http.max_connections a connection is closed.
    Listener(boost::asio::io_context& io, const config::HttpConfig& cfg, std::string address, std::string key,
             StreamFactory make);

    // Binds and listens (before any worker starts, so a busy port fails fast).
    bool bind(std::string& error);
    void start();
    // Stops accepting and closes idle connections; busy ones close after their response.
    void stop();
    boost::asio::awaitable<bool> wait_drained(std::chrono::steady_clock::time_point deadline);

    std::size_t connections() const { return connections_.size(); }
    // The bound TCP socket, for workers that accept on it themselves (http.pool.dispatch: direct;
    // this listener is then never started).
    int native_handle() { return acceptor_.is_open() ? acceptor_.native_handle() : -1; }
    // The config key of its address (http.address, ...): its name when handed to the next binary.
    const std::string& key() const { return key_; }
    // The bound TCP endpoint (the port the kernel chose for port 0); unset for a unix socket.
    const boost::asio::ip::tcp::endpoint& endpoint() const { return endpoint_; }
    // The address as bound, for humans: "scheme://host:port", or "scheme on unix:///path".
    std::string describe(const char* scheme) const;

private:
    boost::asio::awaitable<void> accept_loop();
    boost::asio::awaitable<void> accept_stream_loop();
    // Logs a failed accept and waits a moment when descriptors ran out; false once stopped.
    boost::asio::awaitable<bool> accept_failed(const boost::system::error_code& ec);
    // Tracks and starts an accepted connection.
    void add(std::shared_ptr<ServedConnection> conn);

    boost::asio::io_context& io_;
    const config::HttpConfig& cfg_;
    std::string address_;
    std::string key_;
    Factory make_;
    StreamFactory make_stream_; // set: a stream listener (stream_acceptor_)
    bool answer_overload_;
    boost::asio::ip::tcp::acceptor acceptor_;
    StreamAcceptor stream_acceptor_;
    boost::asio::ip::tcp::endpoint endpoint_;
    std::string unix_path_; // a stream listener on a unix socket
    std::unordered_set<ServedConnection*> connections_;
    Event drained_;
    bool stopping_ = false;
};

} // namespace rr::http
