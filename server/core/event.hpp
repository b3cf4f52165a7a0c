// A one-shot awaitable event for coroutines on one io_context: wait() suspends until notify()
// or until the optional deadline passes.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace rr {

class Event {
public:
    explicit Event(boost::asio::any_io_executor ex)
        : timer_(ex, boost::asio::steady_timer::time_point::max()) {}

    // True if notified, false if the deadline passed first.
    boost::asio::awaitable<bool>
    wait(boost::asio::steady_timer::time_point deadline = boost::asio::steady_timer::time_point::max()) {
        if (notified_) {
            co_return true;
        }
        timer_.expires_at(deadline);
        co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        co_return notified_;
    }

    void notify() {
        notified_ = true;
        timer_.cancel();
    }

    bool notified() const { return notified_; }
    // Makes the event wait again (for one that can happen more than once, e.g. "no connection left").
    void reset() { notified_ = false; }

private:
    boost::asio::steady_timer timer_;
    bool notified_ = false;
};

} // namespace rr
