// The master's writes to a worker's pipe keep whole frames: a job is written at once only when no
// other write to that worker is in progress, otherwise after it.
#include "server/pool/worker.hpp"

#include "goridge-compat/control.hpp"
#include "goridge-compat/file_handle.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

namespace rr::pool {
namespace {

class NoSink final : public ResponseSink {
public:
    boost::asio::awaitable<bool> on_frame(goridge::Frame&) override { co_return true; }
};

// Reads up to `max` bytes that are there now.
std::string read_now(int fd, std::size_t max) {
    std::string out(max, '\0');
    const ssize_t n = ::read(fd, out.data(), max);
    out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return out;
}

std::string read_all(int fd) {
    std::string out;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) {
            return out;
        }
        out.append(buf, static_cast<std::size_t>(n));
    }
}

// A worker's three pipes. The Worker under test owns the master's ends; the test holds the worker's
// ends (it reads the jobs pipe a piece at a time, so that end does not block).
struct WorkerPipes {
    WorkerPipes() {
        int jobs[2];
        int replies[2];
        int err[2];
        if (::pipe2(jobs, O_CLOEXEC) != 0 || ::pipe2(replies, O_CLOEXEC) != 0 ||
            ::pipe2(err, O_CLOEXEC) != 0) {
            throw std::runtime_error("pipe2 failed");
        }
        ::fcntl(jobs[0], F_SETFL, O_NONBLOCK);
        ::fcntl(jobs[1], F_SETPIPE_SZ, 65536);
        pipe_size = static_cast<std::size_t>(::fcntl(jobs[1], F_GETPIPE_SZ));
        jobs_in = FileHandle(jobs[0]);
        replies_out = FileHandle(replies[1]);
        err_out = FileHandle(err[1]);
        master_jobs = jobs[1];
        master_replies = replies[0];
        master_err = err[0];
    }
    std::shared_ptr<Worker> worker(boost::asio::io_context& io) const {
        return std::make_shared<Worker>(io.get_executor(), master_replies, master_jobs, master_err, 0,
                                        "test");
    }
    // Fills the jobs pipe up to `room` bytes short of full.
    std::string fill(std::size_t room) const {
        const std::string filler(pipe_size - room, 'f');
        if (::write(master_jobs, filler.data(), filler.size()) != static_cast<ssize_t>(filler.size())) {
            throw std::runtime_error("cannot fill the pipe");
        }
        return filler;
    }

    FileHandle jobs_in;
    FileHandle replies_out;
    FileHandle err_out;
    int master_jobs = -1;
    int master_replies = -1;
    int master_err = -1;
    std::size_t pipe_size = 0;
};

TEST(WorkerWrites, AJobWaitsForAFrameStillBeingWritten) {
    WorkerPipes pipes;
    ASSERT_GE(pipes.pipe_size, 16384u);
    // Larger than PIPE_BUF, so a write of it may be partial: Linux puts its first 6 bytes (its size
    // modulo the page size) into the room left in the pipe's last page, where the STOP frame does not fit.
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::string body(2 * page + 6 - 40, 'b');
    Job job{std::string(40, 'j'), body};
    NoSink sink;
    boost::asio::io_context io;
    auto w = pipes.worker(io);
    // Fill the pipe so that the STOP frame does not fit: its write waits inside Asio.
    const std::string filler = pipes.fill(8);
    w->send_stop();
    io.poll();
    // The job must not go into the 8 bytes left, ahead of the STOP frame.
    boost::asio::co_spawn(
        io, [&]() -> boost::asio::awaitable<void> { co_await w->exec(job, sink); }, boost::asio::detached);
    io.poll();
    // The worker reads: the filler, the whole STOP frame, then the job.
    std::string got = read_all(pipes.jobs_in.get());
    for (int i = 0; i < 100 && got.size() < filler.size() + 25 + job.head.size() + body.size(); ++i) {
        io.poll();
        got += read_all(pipes.jobs_in.get());
    }
    const std::string stop = goridge::encode_control(goridge::kStopPayload);
    ASSERT_EQ(got.size(), filler.size() + stop.size() + job.head.size() + job.body.size());
    EXPECT_EQ(got.substr(0, filler.size()), filler);
    EXPECT_EQ(got.substr(filler.size(), stop.size()), stop);
    EXPECT_EQ(got.substr(filler.size() + stop.size()), job.head + std::string(job.body));
    w->kill();
    io.stop();
}

// A job whose tail waits for room in the pipe, then a STOP: the STOP goes after the whole job, even
// when the worker reads a page at a time (each read lets Asio write one more piece).
TEST(WorkerWrites, AStopWaitsForAJobStillBeingWritten) {
    WorkerPipes pipes;
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    ASSERT_GE(pipes.pipe_size, 4 * page);
    const std::string body(3 * page, 'b');
    Job job{std::string(40, 'j'), body};
    NoSink sink;
    boost::asio::io_context io;
    auto w = pipes.worker(io);
    // One page of room: the job's first page goes in at once, the rest waits inside Asio.
    const std::string filler = pipes.fill(page);
    boost::asio::co_spawn(
        io, [&]() -> boost::asio::awaitable<void> { co_await w->exec(job, sink); }, boost::asio::detached);
    io.poll();
    w->send_stop();
    io.poll();
    std::string got;
    const std::string stop = goridge::encode_control(goridge::kStopPayload);
    const std::size_t total = filler.size() + job.head.size() + body.size() + stop.size();
    for (int i = 0; i < 1000 && got.size() < total; ++i) {
        got += read_now(pipes.jobs_in.get(), page);
        io.poll();
    }
    ASSERT_EQ(got.size(), total);
    EXPECT_EQ(got.substr(0, filler.size()), filler);
    EXPECT_EQ(got.substr(filler.size(), job.head.size() + body.size()), job.head + body);
    EXPECT_EQ(got.substr(filler.size() + job.head.size() + body.size()), stop);
    w->kill();
    io.stop();
}

// A job waiting for its turn behind a STOP, then another job: the second goes after the first, even
// when it comes just as the STOP's write ends and before the first one's coroutine has resumed.
// Which event-loop step that is depends on Asio's internals, so every step from the STOP arriving in
// the pipe on is tried.
TEST(WorkerWrites, AJobDoesNotOvertakeOneWaitingForItsTurn) {
    for (int step = 0; step < 8; ++step) {
        WorkerPipes pipes;
        const std::string body_a(100, 'a');
        const std::string body_b(100, 'b');
        Job first{std::string(40, '1'), body_a};
        Job second{std::string(40, '2'), body_b};
        NoSink sink;
        boost::asio::io_context io;
        auto w = pipes.worker(io);
        const std::string filler = pipes.fill(8);
        w->send_stop(); // waits inside Asio for room in the pipe
        io.poll();
        boost::asio::co_spawn(
            io, [&]() -> boost::asio::awaitable<void> { co_await w->exec(first, sink); },
            boost::asio::detached);
        io.poll(); // the first job waits for the STOP
        const std::string stop = goridge::encode_control(goridge::kStopPayload);
        std::string got;
        // Runs once per event-loop step; `step` steps after the STOP is in the pipe it sends the second job.
        boost::asio::co_spawn(
            io,
            [&]() -> boost::asio::awaitable<void> {
                for (int seen = 0;; co_await boost::asio::post(io, boost::asio::use_awaitable)) {
                    if (got.size() >= filler.size() + stop.size() && seen++ == step) {
                        co_await w->exec(second, sink);
                        co_return;
                    }
                }
            },
            boost::asio::detached);
        const std::size_t total = filler.size() + stop.size() + 2 * (40 + 100);
        for (int i = 0; i < 10000 && got.size() < total; ++i) {
            io.poll_one();
            got += read_now(pipes.jobs_in.get(), 1 << 20);
        }
        ASSERT_EQ(got.size(), total) << "step " << step;
        EXPECT_EQ(got.substr(filler.size(), stop.size()), stop) << "step " << step;
        EXPECT_EQ(got.substr(filler.size() + stop.size()),
                  first.head + std::string(first.body) + second.head + std::string(second.body))
            << "step " << step;
        w->kill();
        io.stop();
    }
}

} // namespace
} // namespace rr::pool
