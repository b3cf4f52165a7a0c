#include "listener.hpp"

#include "server/core/inherited_sockets.hpp"

#include "server/http/response.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <unistd.h>

namespace rr::http {
namespace asio = boost::asio;

Listener::Listener(asio::io_context& io, const config::HttpConfig& cfg, std::string address, std::string key,
                   Factory make, bool answer_overload)
    : io_(io), cfg_(cfg), address_(std::move(address)), key_(std::move(key)), make_(std::move(make)),
      answer_overload_(answer_overload), acceptor_(io), stream_acceptor_(io), drained_(io.get_executor()) {}

Listener::Listener(asio::io_context& io, const config::HttpConfig& cfg, std::string address, std::string key,
                   StreamFactory make)
    : io_(io), cfg_(cfg), address_(std::move(address)), key_(std::move(key)), make_stream_(std::move(make)),
      answer_overload_(false), acceptor_(io), stream_acceptor_(io), drained_(io.get_executor()) {}

std::string Listener::describe(const char* scheme) const {
    if (!unix_path_.empty()) {
        return fmt::format("{} on unix://{}", scheme, unix_path_);
    }
    const bool v6 = endpoint_.address().is_v6();
    return fmt::format("{}://{}{}{}:{}", scheme, v6 ? "[" : "", endpoint_.address().to_string(),
                       v6 ? "]" : "", endpoint_.port());
}

bool Listener::bind(std::string& error) {
    const std::string& key = key_;
    if (make_stream_) {
        std::string bound;
        if (!listen_on(stream_acceptor_, key, address_, bound, error)) {
            return false;
        }
        boost::system::error_code ec;
        if (const auto tcp = tcp_endpoint(stream_acceptor_.local_endpoint(ec))) {
            endpoint_ = *tcp;
        } else {
            unix_path_ = bound.substr(7);
        }
        return true;
    }
    const auto [host, port] = config::parse_address(key, address_);
    boost::system::error_code ec;
    const auto addr = asio::ip::make_address(host, ec);
    if (ec) {
        error = key + ": '" + address_ + "' is not an IP address and port";
        return false;
    }
    endpoint_ = asio::ip::tcp::endpoint(addr, port);
    // A socket handed over by the previous rr-php (SIGUSR2) or by systemd: taken as it is.
    if (const int fd = inherited::take(key, endpoint_.data(), static_cast<socklen_t>(endpoint_.size()));
        fd >= 0) {
        acceptor_.assign(endpoint_.protocol(), fd, ec);
        if (!ec) {
            endpoint_ = acceptor_.local_endpoint(ec);
            spdlog::debug("{}: listening on the inherited socket {}", key, describe("http"));
            return true;
        }
        ::close(fd);
    }
    acceptor_.open(endpoint_.protocol(), ec);
    if (!ec)
        acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        acceptor_.bind(endpoint_, ec);
    if (!ec)
        acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        error = "cannot listen on " + address_ + ": " + ec.message() +
                (key == "http.address" ? "" : " (" + key + ")");
        return false;
    }
    endpoint_ = acceptor_.local_endpoint(ec);
    return true;
}

void Listener::start() {
    asio::co_spawn(io_, make_stream_ ? accept_stream_loop() : accept_loop(), asio::detached);
}

asio::awaitable<bool> Listener::accept_failed(const boost::system::error_code& ec) {
    if (ec == asio::error::operation_aborted) {
        co_return false; // stop()
    }
    spdlog::warn("accept failed ({}): {}", key_, ec.message());
    if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space) {
        // Out of descriptors or buffers: give the connections a moment to close.
        asio::steady_timer t(io_, std::chrono::milliseconds(50));
        co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    co_return true;
}

void Listener::add(std::shared_ptr<ServedConnection> conn) {
    connections_.insert(conn.get());
    conn->start([this](ServedConnection* c) {
        connections_.erase(c);
        if (stopping_ && connections_.empty()) {
            drained_.notify();
        }
    });
}

asio::awaitable<void> Listener::accept_stream_loop() {
    for (;;) {
        auto [ec, socket] = co_await stream_acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
        if (stopping_) {
            if (!ec) { // accepted just before the stop: served, not dropped
                add(make_stream_(std::move(socket), [this] { return stopping_; }));
            }
            break;
        }
        if (ec) {
            const bool go_on = co_await accept_failed(ec);
            if (!go_on) {
                break;
            }
            continue;
        }
        if (connections_.size() >= cfg_.max_connections) {
            boost::system::error_code ignored;
            socket.close(ignored); // over the limit: it closes
            continue;
        }
        add(make_stream_(std::move(socket), [this] { return stopping_; }));
    }
    if (!unix_path_.empty()) {
        ::unlink(unix_path_.c_str());
    }
}

asio::awaitable<void> Listener::accept_loop() {
    for (;;) {
        auto [ec, socket] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
        if (stopping_) {
            // Accepted just before the stop: served (its answer says Connection: close), not dropped.
            if (!ec) {
                add(make_(std::move(socket), [this] { return stopping_; }));
            }
            break;
        }
        if (ec) {
            const bool go_on = co_await accept_failed(ec);
            if (!go_on) {
                break;
            }
            continue;
        }
        if (connections_.size() >= cfg_.max_connections && answer_overload_) {
            // Over the limit: answer at once rather than leave the client hanging in the backlog.
            auto s = std::make_shared<asio::ip::tcp::socket>(std::move(socket));
            auto msg = std::make_shared<std::string>(
                simple_response(503, "too many connections\n", false, 1, "Retry-After: 1\r\n"));
            asio::async_write(*s, asio::buffer(*msg), [s, msg](auto, auto) {
                boost::system::error_code ignored;
                s->shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
            });
            continue;
        }
        if (connections_.size() >= cfg_.max_connections) {
            // Over the limit on the TLS port: no handshake is spent on it, it closes.
            boost::system::error_code ignored;
            socket.close(ignored);
            continue;
        }
        add(make_(std::move(socket), [this] { return stopping_; }));
    }
}

void Listener::stop() {
    stopping_ = true;
    boost::system::error_code ec;
    acceptor_.close(ec);
    stream_acceptor_.close(ec);
    for (ServedConnection* c : connections_) {
        c->stop_if_idle();
    }
    if (connections_.empty()) {
        drained_.notify();
    }
}

asio::awaitable<bool> Listener::wait_drained(std::chrono::steady_clock::time_point deadline) {
    // A connection accepted just before stop() is added when its accept completes, after this
    // event loop turn: let that happen, then wait until none is left.
    co_await asio::post(io_, asio::use_awaitable);
    while (!connections_.empty()) {
        drained_.reset();
        const bool drained = co_await drained_.wait(deadline);
        if (!drained) {
            co_return false;
        }
    }
    co_return true;
}

} // namespace rr::http
