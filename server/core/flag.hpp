// A reusable flag one coroutine can wait on: set() wakes the waiter, or lets the next wait() return
// at once; clear() re-arms it. (Event is one-shot and carries a deadline.)
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace rr {

class Flag {
public:
    explicit Flag(boost::asio::any_io_executor ex) : timer_(ex, boost::asio::steady_timer::time_point::max()) {}

    void set() {
        set_ = true;
        timer_.cancel();
    }
    void clear() { set_ = false; }
    bool is_set() const { return set_; }

    boost::asio::awaitable<void> wait() {
        while (!set_) {
            timer_.expires_at(boost::asio::steady_timer::time_point::max());
            co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        }
    }

private:
    boost::asio::steady_timer timer_;
    bool set_ = false;
};

} // namespace rr
