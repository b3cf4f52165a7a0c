// The HTTP listener: accepts connections, enforces max_connections, tracks open connections for
// graceful shutdown.
#pragma once

#include "server/config/config.hpp"
#include "server/core/event.hpp"
#include "server/http/connection.hpp"
#include "server/http/tls.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <string>
#include <unordered_set>

namespace rr::http {

class Listener {
public:
    // Listens on `address`; with `tls`, every connection speaks TLS with the context current when it
    // was accepted.
    Listener(boost::asio::io_context& io, const config::HttpConfig& cfg, Handler& handler,
             std::string address, const TlsContexts* tls = nullptr);

    // Binds and listens (before any worker starts, so a busy port fails fast).
    bool bind(std::string& error);
    void start();
    // Stops accepting and closes idle connections; busy ones close after their response.
    void stop();
    boost::asio::awaitable<bool> wait_drained(std::chrono::steady_clock::time_point deadline);

    std::size_t connections() const { return connections_.size(); }
    const boost::asio::ip::tcp::endpoint& endpoint() const { return endpoint_; }

private:
    boost::asio::awaitable<void> accept_loop();

    boost::asio::io_context& io_;
    const config::HttpConfig& cfg_;
    Handler& handler_;
    std::string address_;
    const TlsContexts* tls_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::ip::tcp::endpoint endpoint_;
    std::unordered_set<Connection*> connections_;
    Event drained_;
    bool stopping_ = false;
};

} // namespace rr::http
