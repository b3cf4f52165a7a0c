#include "server/jobs/beanstalk_connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>

#include <array>
#include <vector>

namespace asio = boost::asio;

namespace rr::jobs {

BeanstalkConnection::BeanstalkConnection(asio::any_io_executor ex, std::string address, Duration timeout)
    : ex_(ex), address_(std::move(address)), timeout_(timeout), socket_(ex), watchdog_(ex) {
    std::string hp = address_.starts_with("tcp://") ? address_.substr(6) : address_;
    const auto colon = hp.rfind(':');
    host_ = colon == std::string::npos ? hp : hp.substr(0, colon);
    port_ = colon == std::string::npos ? "11300" : hp.substr(colon + 1);
}

BeanstalkConnection::~BeanstalkConnection() {
    close();
}

void BeanstalkConnection::close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
    in_.clear();
}

asio::awaitable<void> BeanstalkConnection::connect() {
    asio::ip::tcp::resolver resolver(ex_);
    auto [rerr, endpoints] =
        co_await resolver.async_resolve(host_, port_, asio::as_tuple(asio::use_awaitable));
    if (rerr) {
        throw BrokerError(fmt::format("beanstalk {}: {}", address_, rerr.message()));
    }
    const uint64_t gen = ++call_gen_;
    watchdog_.expires_after(timeout_);
    watchdog_.async_wait([this, gen](boost::system::error_code ec) {
        if (!ec && gen == call_gen_) {
            close();
        }
    });
    auto [cerr, ep] = co_await asio::async_connect(socket_, endpoints, asio::as_tuple(asio::use_awaitable));
    ++call_gen_;
    watchdog_.cancel();
    if (cerr) {
        close();
        throw BrokerError(fmt::format("beanstalk {}: cannot connect: {}", address_, cerr.message()));
    }
    socket_.set_option(asio::ip::tcp::no_delay(true));
    ++epoch_;
    for (const auto& line : setup_) {
        static const std::string none;
        const Reply r = co_await exchange(line, none);
        const bool ok =
            r.line.starts_with("USING ") || r.line.starts_with("WATCHING ") || r.line == "NOT_IGNORED";
        if (!ok) {
            close();
            throw BrokerError(fmt::format("beanstalk {}: '{}' answered '{}'", address_, line, r.line));
        }
    }
}

asio::awaitable<BeanstalkConnection::Reply> BeanstalkConnection::exchange(const std::string& command,
                                                                          const std::string& body) {
    std::string out = command + "\r\n";
    if (!body.empty() || command.starts_with("put ")) {
        out.append(body).append("\r\n");
    }
    auto [werr, wn] =
        co_await asio::async_write(socket_, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
    if (werr) {
        close();
        throw BrokerError(fmt::format("beanstalk {}: {}", address_, werr.message()));
    }
    auto [lerr, ln] = co_await asio::async_read_until(socket_, asio::dynamic_buffer(in_), "\r\n",
                                                      asio::as_tuple(asio::use_awaitable));
    if (lerr) {
        close();
        throw BrokerError(
            fmt::format("beanstalk {}: {}", address_,
                        lerr == asio::error::eof ? "the server closed the connection" : lerr.message()));
    }
    Reply r;
    r.line = in_.substr(0, ln - 2);
    in_.erase(0, ln);
    // RESERVED <id> <bytes> and OK <bytes> carry a body of that many bytes, then CRLF.
    std::size_t bytes = 0;
    bool has_body = false;
    if (r.line.starts_with("RESERVED ")) {
        const auto sp = r.line.rfind(' ');
        bytes = std::stoull(r.line.substr(sp + 1));
        has_body = true;
    } else if (r.line.starts_with("OK ")) {
        bytes = std::stoull(r.line.substr(3));
        has_body = true;
    }
    if (has_body) {
        const std::size_t need = bytes + 2;
        if (in_.size() < need) {
            auto [berr, bn] = co_await asio::async_read(socket_, asio::dynamic_buffer(in_),
                                                        asio::transfer_at_least(need - in_.size()),
                                                        asio::as_tuple(asio::use_awaitable));
            if (berr && in_.size() < need) {
                close();
                throw BrokerError(fmt::format("beanstalk {}: {}", address_, berr.message()));
            }
        }
        r.body = in_.substr(0, bytes);
        in_.erase(0, need);
    }
    co_return r;
}

asio::awaitable<BeanstalkConnection::Reply> BeanstalkConnection::call(const std::string& command) {
    static const std::string none;
    co_return co_await call(command, none, Duration(0));
}

asio::awaitable<BeanstalkConnection::Reply>
BeanstalkConnection::call(const std::string& command, const std::string& body, Duration longer) {
    if (busy_) { // in order: behind the calls already waiting
        asio::steady_timer turn(ex_, asio::steady_timer::time_point::max());
        waiting_.push_back(&turn);
        struct Leave { // a call destroyed while it waits leaves the queue
            BeanstalkConnection& c;
            asio::steady_timer* t;
            ~Leave() { std::erase(c.waiting_, t); }
        } leave{*this, &turn};
        co_await turn.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    busy_ = true;
    struct Next { // hands the connection to the next call, however this one ends
        BeanstalkConnection& c;
        ~Next() {
            c.busy_ = false;
            if (!c.waiting_.empty()) {
                c.busy_ = true;
                c.waiting_.front()->cancel();
                c.waiting_.pop_front();
            }
        }
    } next{*this};
    if (!socket_.is_open()) {
        co_await connect();
    }
    const uint64_t gen = ++call_gen_;
    watchdog_.expires_after(timeout_ + longer);
    watchdog_.async_wait([this, gen](boost::system::error_code ec) {
        if (!ec && gen == call_gen_) {
            close(); // the answer is late: the read below ends with an error
        }
    });
    Reply r = co_await exchange(command, body);
    ++call_gen_;
    watchdog_.cancel();
    co_return r;
}

} // namespace rr::jobs
