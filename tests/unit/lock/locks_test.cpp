#include "server/lock/locks.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <optional>

namespace rr::lock {
namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;

// Runs the loop for `d` (again after it ran out of work).
void run(asio::io_context& io, std::chrono::milliseconds d) {
    io.restart();
    io.run_for(d);
}

// Runs the loop until `done` (at most 5 s): for waits on timers, whatever the machine's load.
template <typename Done> void run_until(asio::io_context& io, Done done) {
    for (int i = 0; i < 250 && !done(); ++i) {
        run(io, std::chrono::milliseconds(20));
    }
}

// Starts lock() and records its answer in `out` when it comes.
void start_lock(asio::io_context& io, Locks& l, std::string resource, std::string id, bool read,
                std::chrono::microseconds ttl, std::chrono::microseconds wait, std::optional<bool>& out) {
    asio::co_spawn(
        io,
        [&l, &out, resource, id, read, ttl, wait]() -> asio::awaitable<void> {
            const bool ok = co_await l.lock(resource, id, read, ttl, wait);
            out = ok;
        },
        asio::detached);
}

TEST(Locks, ReadersShareAWriterWaitsAndNothingOvertakesIt) {
    asio::io_context io;
    Locks l(io.get_executor());
    std::optional<bool> r1, w, r2, r3;
    start_lock(io, l, "doc", "r1", true, 0us, 0us, r1);
    run(io, 10ms);
    ASSERT_EQ(r1, true);
    start_lock(io, l, "doc", "w", false, 0us, 5000000us, w); // waits behind r1
    run(io, 10ms);
    EXPECT_FALSE(w.has_value());
    start_lock(io, l, "doc", "r2", true, 0us, 0us, r2); // a reader may not overtake the waiting writer
    start_lock(io, l, "doc", "r3", true, 0us, 5000000us, r3);
    run(io, 10ms);
    EXPECT_EQ(r2, false);
    EXPECT_FALSE(r3.has_value());
    EXPECT_TRUE(l.release("doc", "r1"));
    run(io, 10ms);
    EXPECT_EQ(w, true); // the writer first, in arrival order
    EXPECT_FALSE(r3.has_value());
    EXPECT_TRUE(l.release("doc", "w"));
    run(io, 10ms);
    EXPECT_EQ(r3, true);
    EXPECT_TRUE(l.exists("doc", "r3"));
    EXPECT_FALSE(l.exists("doc", "w"));
}

TEST(Locks, TtlExpiryAndUpdate) {
    asio::io_context io;
    Locks l(io.get_executor());
    std::optional<bool> a, b;
    start_lock(io, l, "t", "a", false, 50000us, 0us, a);
    run(io, 5ms);
    ASSERT_EQ(a, true);
    start_lock(io, l, "t", "b", false, 0us, 2000000us, b);
    run(io, 20ms);
    EXPECT_FALSE(b.has_value());
    run_until(io, [&] { return b.has_value(); }); // a's 50 ms TTL runs out: b gets the lock
    EXPECT_EQ(b, true);
    EXPECT_FALSE(l.exists("t", "a"));
    EXPECT_TRUE(l.update_ttl("t", "b", 20000us));
    run_until(io, [&] { return !l.exists("t", "*"); });
    EXPECT_FALSE(l.exists("t", "*"));
    EXPECT_FALSE(l.force_release("t"));
}

TEST(Locks, AWaitThatRunsOutLeavesTheQueue) {
    asio::io_context io;
    Locks l(io.get_executor());
    std::optional<bool> a, b, c;
    start_lock(io, l, "q", "a", false, 0us, 0us, a);
    start_lock(io, l, "q", "b", false, 0us, 30000us, b); // gives up after 30 ms
    run_until(io, [&] { return b.has_value(); });
    EXPECT_EQ(b, false);
    EXPECT_TRUE(l.release("q", "a"));
    start_lock(io, l, "q", "c", false, 0us, 0us, c); // nobody waits any more: granted at once
    run(io, 10ms);
    EXPECT_EQ(c, true);
}

} // namespace
} // namespace rr::lock
