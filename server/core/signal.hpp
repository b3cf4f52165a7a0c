// A wake-up for coroutines on one io_context, as a condition variable without the lock: wait()
// suspends until the next notify(), which wakes every waiter at once. Waiters re-check their own
// condition in a loop (a notify() while nobody waits is not remembered).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace rr {

class Signal {
public:
    explicit Signal(boost::asio::any_io_executor ex)
        : timer_(std::move(ex), boost::asio::steady_timer::time_point::max()) {}

    // The timer never expires by itself: notify() cancels every wait, and the timer stays armed.
    boost::asio::awaitable<void> wait() {
        co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    }
    // The same, but returns at `deadline` too. (For one waiter: it moves the shared timer.)
    boost::asio::awaitable<void> wait_until(boost::asio::steady_timer::time_point deadline) {
        timer_.expires_at(deadline);
        co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        timer_.expires_at(boost::asio::steady_timer::time_point::max());
    }
    void notify() { timer_.cancel(); }

private:
    boost::asio::steady_timer timer_;
};

} // namespace rr
