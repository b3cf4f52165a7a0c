// One connection to beanstalkd, in its text protocol: a command line (for `put`, a body after it),
// then a reply line (for RESERVED and OK, a body after it). Calls run one at a time, in order. A
// broken connection is opened again by the next call, which first replays `setup` (use / watch).
// Written by hand: the protocol is a dozen text lines, and no C or C++ client is in Debian.
#pragma once

#include "server/config/config.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <deque>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace rr::jobs {

class BrokerError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class BeanstalkConnection {
public:
    struct Reply {
        std::string line; // without CRLF: "INSERTED 7", "RESERVED 7 12", "TIMED_OUT"...
        std::string body; // RESERVED, OK
    };

    // `address`: tcp://host:port or host:port. `timeout`: connecting, and waiting for one answer.
    BeanstalkConnection(boost::asio::any_io_executor ex, std::string address, Duration timeout);
    ~BeanstalkConnection();
    BeanstalkConnection(const BeanstalkConnection&) = delete;
    BeanstalkConnection& operator=(const BeanstalkConnection&) = delete;

    // Lines sent after every (re)connect, their replies checked (e.g. "use mails", "watch mails").
    void set_setup(std::vector<std::string> lines) { setup_ = std::move(lines); }

    // Sends `command` (and `body` when not empty: put) and returns the reply. `longer`: extra time
    // the server may take (reserve-with-timeout). Throws BrokerError naming the address; the
    // connection is closed then.
    // (Arguments by reference, to named values of the caller: no temporaries in a co_await.)
    boost::asio::awaitable<Reply> call(const std::string& command, const std::string& body, Duration longer);
    boost::asio::awaitable<Reply> call(const std::string& command);

    // Closes the connection (a reserve in progress ends with BrokerError); later calls reconnect.
    void close();
    const std::string& address() const { return address_; }
    // Counts the connections made: a job reserved on an earlier one was given back when it closed,
    // and its id means nothing on this one.
    uint64_t epoch() const { return epoch_; }

private:
    boost::asio::awaitable<void> connect();
    boost::asio::awaitable<Reply> exchange(const std::string& command, const std::string& body);

    boost::asio::any_io_executor ex_;
    std::string address_;
    std::string host_;
    std::string port_;
    Duration timeout_;
    boost::asio::ip::tcp::socket socket_;
    boost::asio::steady_timer watchdog_; // closes the socket when an answer is late
    std::string in_;                     // bytes read past the last reply
    std::vector<std::string> setup_;
    bool busy_ = false;
    uint64_t epoch_ = 0;
    uint64_t call_gen_ = 0;                          // which call the watchdog is armed for
    std::deque<boost::asio::steady_timer*> waiting_; // calls queued behind the one running
};

} // namespace rr::jobs
