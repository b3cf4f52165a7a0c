#include "worker.hpp"

#include "goridge-compat/control.hpp"
#include "server/core/log.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

namespace rr::pool {
namespace asio = boost::asio;
namespace {
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kRecentLines = 20;
constexpr std::size_t kMaxLogLine = 64 * 1024;
} // namespace

const char* state_name(WorkerState s) {
    switch (s) {
    case WorkerState::inactive:
        return "inactive";
    case WorkerState::ready:
        return "ready";
    case WorkerState::working:
        return "working";
    case WorkerState::invalid:
        return "invalid";
    case WorkerState::stopping:
        return "stopping";
    case WorkerState::stopped:
        return "stopped";
    case WorkerState::destroyed:
        return "destroyed";
    case WorkerState::max_jobs_reached:
        return "maxJobsReached";
    case WorkerState::errored:
        return "errored";
    case WorkerState::idle_ttl_reached:
        return "idleTTLReached";
    case WorkerState::ttl_reached:
        return "ttlReached";
    case WorkerState::max_memory_reached:
        return "maxMemoryReached";
    case WorkerState::exec_ttl_reached:
        return "execTTLReached";
    }
    return "undefined";
}

std::string describe_wait_status(int status) {
    if (WIFEXITED(status)) {
        return "exit code " + std::to_string(WEXITSTATUS(status));
    }
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        const char* abbrev = sigabbrev_np(sig);
        return "signal " + std::to_string(sig) +
               (abbrev != nullptr ? std::string(" (SIG") + abbrev + ")" : "");
    }
    return "status " + std::to_string(status);
}

Worker::Worker(asio::any_io_executor ex, int in_fd, int out_fd, int stderr_fd, pid_t pid, std::string command)
    : in_(ex, in_fd), out_(ex, out_fd == in_fd ? ::dup(out_fd) : out_fd), stderr_(ex, stderr_fd), pid_(pid),
      command_(std::move(command)), created_(std::chrono::system_clock::now()), stderr_closed_(ex),
      exit_event_(ex), out_free_(ex) {
    // write_now() must never block the master on a full pipe.
    boost::system::error_code ignored;
    out_.native_non_blocking(true, ignored);
}

Worker::~Worker() {
    if (slot_ != nullptr) {
        ::munmap(slot_, slot_bytes_);
    }
}

void Worker::start_log_pump() {
    asio::co_spawn(
        in_.get_executor(), [self = shared_from_this()] { return self->log_pump(); }, asio::detached);
}

asio::awaitable<void> Worker::log_pump() {
    std::string pending;
    std::array<char, 8192> buf;
    auto emit = [this](std::string_view line) {
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        log::worker_line(pid_, line);
        recent_.emplace_back(line);
        if (recent_.size() > kRecentLines) {
            recent_.pop_front();
        }
    };
    for (;;) {
        auto [ec, n] = co_await stderr_.async_read_some(asio::buffer(buf), nothrow);
        if (ec) {
            break;
        }
        pending.append(buf.data(), n);
        std::size_t start = 0;
        for (;;) {
            const auto nl = pending.find('\n', start);
            if (nl == std::string::npos) {
                break;
            }
            emit(std::string_view(pending).substr(start, nl - start));
            start = nl + 1;
        }
        pending.erase(0, start);
        if (pending.size() > kMaxLogLine) {
            emit(pending);
            pending.clear();
        }
    }
    if (!pending.empty()) {
        emit(pending);
    }
    stderr_closed_.notify();
}

std::string Worker::recent_stderr() const {
    std::string out;
    for (const auto& l : recent_) {
        if (!out.empty()) {
            out.push_back('\n');
        }
        out.append(l);
    }
    return out;
}

asio::awaitable<void> Worker::wait_stderr_closed(Duration timeout) {
    co_await stderr_closed_.wait(std::chrono::steady_clock::now() + timeout);
}

asio::awaitable<Worker::ReadStatus> Worker::read_frame(goridge::Frame& out) {
    if (rbuf_.empty()) {
        rbuf_.resize(64 * 1024);
    }
    for (;;) {
        switch (decoder_.next(out)) {
        case goridge::FrameDecoder::Result::frame:
            co_return ReadStatus::frame;
        case goridge::FrameDecoder::Result::error: {
            std::string garbage(decoder_.garbage().substr(0, 256));
            read_error_ =
                std::string(goridge::describe(decoder_.error())) + ", received: \"" + garbage + "\"";
            if (decoder_.error() == goridge::DecodeError::missing_script) {
                read_error_ += " (the worker script named in the command does not exist)";
            } else if (decoder_.error() == goridge::DecodeError::crc_mismatch ||
                       decoder_.error() == goridge::DecodeError::bad_header_length) {
                read_error_ +=
                    " from '" + command_ +
                    "' (likely cause: the script printed to stdout, which is the worker's channel: "
                    "echo or var_dump outside the protocol, or PHP errors with display_errors=stdout; "
                    "log to stderr and set display_errors=stderr)";
            }
            co_return ReadStatus::error;
        }
        case goridge::FrameDecoder::Result::need_more:
            break;
        }
        auto [ec, n] = co_await in_.async_read_some(asio::buffer(rbuf_), nothrow);
        if (ec) {
            if (ec == asio::error::eof) {
                co_return ReadStatus::eof;
            }
            if (ec == asio::error::operation_aborted) {
                co_return ReadStatus::timeout;
            }
            read_error_ = ec.message();
            co_return ReadStatus::error;
        }
        decoder_.feed(rbuf_.data(), n);
    }
}

asio::awaitable<bool> Worker::handshake(Duration timeout, std::string& error) {
    auto self = shared_from_this();
    auto timed_out = std::make_shared<bool>(false);
    asio::steady_timer timer(in_.get_executor(), timeout);
    timer.async_wait([self, timed_out](const boost::system::error_code& ec) {
        if (!ec) {
            *timed_out = true;
            boost::system::error_code ignored;
            self->in_.cancel(ignored);
            self->out_.cancel(ignored);
        }
    });
    const std::string request = goridge::encode_control(goridge::pid_payload(static_cast<int64_t>(getpid())));
    const auto wec = co_await write_out(asio::buffer(request));
    if (wec) {
        timer.cancel();
        // A closed pipe means the process is gone already (a script that ends without serving).
        error = wec == asio::error::broken_pipe ? "the worker exited before it was ready"
                                                : "cannot send the PID request: " + wec.message();
        co_return false;
    }
    goridge::Frame reply;
    const ReadStatus st = co_await read_frame(reply);
    timer.cancel();
    if (*timed_out) {
        error = "the worker did not answer the PID request within " + std::to_string(timeout.count()) + "ms";
        co_return false;
    }
    switch (st) {
    case ReadStatus::frame:
        break;
    case ReadStatus::eof:
        error = "the worker exited before it was ready";
        co_return false;
    default:
        error = "invalid answer to the PID request: " + read_error_;
        co_return false;
    }
    if (!reply.has(goridge::flag::kControl)) {
        error = "the worker answered the PID request with a non-control frame";
        co_return false;
    }
    const auto cmd = goridge::parse_control(reply.payload);
    if (cmd.pid != static_cast<int64_t>(pid_)) {
        error = "the worker reported pid " + std::to_string(cmd.pid) + ", expected " + std::to_string(pid_);
        co_return false;
    }
    offers_ = cmd.offers && slot_ != nullptr;
    spdlog::debug("worker {} ready{}", pid_, offers_ ? " (takes job offers)" : "");
    state_ = WorkerState::ready;
    co_return true;
}

void Worker::attach_offer_slot(offer::Slot* slot, std::size_t bytes) {
    slot_ = slot;
    slot_bytes_ = bytes;
}

bool Worker::can_take_offer() const {
    // Not while a withdrawn job may still be unread in the pipe: a new offer would overwrite the slot
    // that tells the worker to skip it.
    return offers_ && !exited_ && reserved_ == 0 && !tickets_.empty() &&
           tickets_.size() <= offer::kMaxOffers && tickets_.back()->written && skipped_.empty() &&
           state_ == WorkerState::working;
}

bool Worker::has_offer() const {
    // Only the last job can be withdrawn: the worker claims jobs in order.
    return tickets_.size() >= 2 && tickets_.back()->offered && !tickets_.back()->withdrawn;
}

bool Worker::withdraw_offer() {
    if (!has_offer()) {
        return false;
    }
    auto t = tickets_.back();
    if (!offer::withdraw(*slot_, t->seq)) {
        return false; // the worker claimed it first
    }
    t->withdrawn = true;
    tickets_.pop_back();
    // Another worker runs it: an offer taken back does not count against max_jobs, from now on (the
    // pool may judge this worker's budget before the job's own coroutine resumes).
    if (assigned_ > 0) {
        --assigned_;
    }
    skipped_.emplace_back(t->seq, t->bytes); // its bytes stay in the pipe until the worker skips them
    t->turn.notify();
    return true;
}

std::size_t Worker::bytes_after(const Ticket& t) const {
    std::size_t n = 0;
    for (const auto& other : tickets_) {
        if (other->seq > t.seq) {
            n += other->bytes;
        }
    }
    for (const auto& [seq, bytes] : skipped_) {
        if (seq > t.seq) {
            n += bytes;
        }
    }
    return n;
}

bool Worker::job_unread(const Ticket& t) {
    // FIONREAD on a pipe's write end counts the bytes nobody has read yet. More than the jobs
    // written after this one means this one was not read completely: it cannot have started.
    int unread = 0;
    if (!out_.is_open() || ::ioctl(out_.native_handle(), FIONREAD, &unread) != 0) {
        return false;
    }
    return static_cast<std::size_t>(unread) > bytes_after(t);
}

void Worker::finish_ticket(const std::shared_ptr<Ticket>& t) {
    const auto it = std::find(tickets_.begin(), tickets_.end(), t);
    if (it == tickets_.end()) {
        return;
    }
    const bool was_current = it == tickets_.begin();
    tickets_.erase(it);
    if (was_current && !tickets_.empty()) {
        current_started_ = std::chrono::steady_clock::now();
        tickets_.front()->turn.notify();
    }
}

template <typename Buffers> asio::awaitable<boost::system::error_code> Worker::write_out(Buffers buffers) {
    // One frame at a time, in the order they were asked for (a ticket each): when the pipe is full,
    // Asio would interleave the steps of two writes, and a waiter woken by the end of one write
    // resumes later, when a newer writer could otherwise take its turn.
    const uint64_t turn = out_next_++;
    while (out_done_ != turn) {
        co_await out_free_.wait();
    }
    auto [ec, n] = co_await asio::async_write(out_, buffers, nothrow);
    ++out_done_;
    out_free_.notify();
    co_return ec;
}

asio::awaitable<void> Worker::write_owned(std::shared_ptr<const std::string> frame) {
    co_await write_out(asio::buffer(*frame));
}

Worker::Written Worker::write_now(const Job& job) {
    if (out_done_ != out_next_) {
        return {}; // not inside or ahead of a frame being written: the job goes after them (write_out)
    }
    std::array<iovec, 2> iov{{{const_cast<char*>(job.head.data()), job.head.size()},
                              {const_cast<char*>(job.body.data()), job.body.size()}}};
    for (;;) {
        const ssize_t n = ::writev(out_.native_handle(), iov.data(), job.body.empty() ? 1 : 2);
        if (n >= 0) {
            return {static_cast<std::size_t>(n), {}};
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return {};
        }
        return {0, boost::system::error_code(errno, boost::system::system_category())};
    }
}

asio::awaitable<ExecResult> Worker::exec(const Job& job, ResponseSink& sink, bool offer) {
    auto self = shared_from_this();
    ExecResult res;
    if (reserved_ > 0) {
        --reserved_;
    }
    if (state_ != WorkerState::invalid && state_ != WorkerState::stopping) {
        state_ = WorkerState::working; // (a worker taken out of service keeps saying so)
    }
    auto t = std::make_shared<Ticket>(in_.get_executor());
    t->seq = ++next_seq_;
    t->bytes = job.head.size() + job.body.size();
    t->offered = offer && offers_ && slot_ != nullptr;
    tickets_.push_back(t);
    if (tickets_.size() == 1) {
        current_started_ = std::chrono::steady_clock::now();
        t->turn.notify();
    }
    if (t->offered) {
        offer::publish(*slot_, t->seq);
    }
    // The job usually fits in the pipe: one writev now, with no Asio operation to wait for, and the
    // ticket counts as written at once (so the worker may be offered the next job in the same
    // burst). What does not fit follows asynchronously.
    const Written now = write_now(job);
    boost::system::error_code wec = now.error;
    if (!wec && now.bytes < job.head.size() + job.body.size()) {
        const std::size_t head_sent = std::min(now.bytes, job.head.size());
        const std::array<asio::const_buffer, 2> rest{asio::buffer(job.head) + head_sent,
                                                     asio::buffer(job.body) + (now.bytes - head_sent)};
        wec = co_await write_out(rest);
    }
    t->written = true;
    if (wec) {
        finish_ticket(t);
        res.error = ExecError::not_delivered;
        res.message = "cannot send the request to the worker: " + wec.message();
        co_return res;
    }
    co_await t->turn.wait();
    if (t->withdrawn) {
        res.error = ExecError::withdrawn;
        co_return res;
    }
    ++execs_;
    struct Finish {
        Worker* w;
        std::shared_ptr<Ticket> t;
        ~Finish() {
            w->finish_ticket(t);
            if (w->exited_ && w->tickets_.empty()) {
                w->close_channel();
            }
        }
    } finish{this, t};
    bool client_gone = false;
    std::unique_ptr<asio::steady_timer> drain_timer;
    struct CancelTimer {
        std::unique_ptr<asio::steady_timer>& t;
        ~CancelTimer() {
            if (t) {
                t->cancel();
            }
        }
    } cancel_drain{drain_timer};
    for (;;) {
        goridge::Frame f;
        const ReadStatus st = co_await read_frame(f);
        if (st != ReadStatus::frame && !res.response_started && t->offered && slot_ != nullptr &&
            offer::withdraw(*slot_, t->seq)) {
            // An offer the worker never claimed: it did not start (the worker is gone, so taking it
            // back now is final). Another worker runs it.
            res.error = ExecError::not_delivered;
            res.message = "the worker exited before it started the offered request";
            co_return res;
        }
        if (st != ReadStatus::frame && !res.response_started && job_unread(*t)) {
            // The worker went away (e.g. it was exiting after a fatal error) without reading the
            // whole job: it cannot have started on it, so another worker may take it.
            res.error = ExecError::not_delivered;
            res.message = "the worker exited before it read the request";
            co_return res;
        }
        if (st != ReadStatus::frame) {
            res.error = ExecError::worker_lost;
            res.message = st == ReadStatus::eof ? "the worker exited while serving the request"
                                                : "invalid frame from the worker: " + read_error_;
            co_return res;
        }
        // A reply to this job means the worker consumed every frame before it.
        std::erase_if(skipped_, [&](const auto& sk) { return sk.first < t->seq; });
        if (f.has(goridge::flag::kError)) {
            res.error = ExecError::soft_error;
            res.message = f.payload;
            co_return res;
        }
        if (f.has(goridge::flag::kControl) || f.options.size() != 1 || f.options[0] > f.payload.size()) {
            res.error = ExecError::worker_lost;
            res.message =
                "invalid reply frame from the worker (expected one option holding the context length)";
            co_return res;
        }
        if ((f.stream & goridge::stream::kPing) != 0) {
            const std::string pong = goridge::encode_stream_signal(goridge::stream::kPong);
            co_await write_out(asio::buffer(pong));
        }
        if (!res.response_started && !f.streaming() &&
            goridge::is_stop_reply(std::string_view(f.payload).substr(0, f.options[0]),
                                   std::string_view(f.payload).substr(f.options[0]))) {
            res.error = ExecError::stop_requested;
            co_return res;
        }
        if (!client_gone) {
            res.response_started = true;
            const bool delivered = co_await sink.on_frame(f);
            if (!delivered) {
                client_gone = true;
                if (f.streaming()) {
                    // An rr-php worker that takes offers may hold the next job already: the STOP names
                    // the job it is meant for (its sequence number), so it cannot hit the next one.
                    const uint32_t seq32 = static_cast<uint32_t>(t->seq);
                    const std::string stop = offers_
                                                 ? goridge::encode(0, goridge::stream::kStop,
                                                                   std::span<const uint32_t>(&seq32, 1), {})
                                                 : goridge::encode_stream_signal(goridge::stream::kStop);
                    co_await write_out(asio::buffer(stop));
                    // The rest of the stream is drained for at most stream_timeout, then the
                    // worker is killed (it did not honour the STOP).
                    drain_timer = std::make_unique<asio::steady_timer>(in_.get_executor(), stream_timeout_);
                    drain_timer->async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
                        if (auto w = weak.lock(); w && !ec) {
                            spdlog::warn("worker {}: the stream went on past stream_timeout after the client "
                                         "left; killing it",
                                         w->pid());
                            w->kill();
                        }
                    });
                }
            }
        }
        if (!f.streaming()) {
            break;
        }
    }
    co_return res;
}

void Worker::send_stop() {
    if (!out_.is_open()) {
        return;
    }
    auto frame = std::make_shared<const std::string>(goridge::encode_control(goridge::kStopPayload));
    if (out_done_ == out_next_) {
        // Started now, not from the event loop: it goes out even when the loop is ending.
        ++out_next_;
        asio::async_write(out_, asio::buffer(*frame), [frame, self = shared_from_this()](auto, auto) {
            ++self->out_done_;
            self->out_free_.notify();
        });
        return;
    }
    asio::co_spawn(
        out_.get_executor(), [self = shared_from_this(), frame] { return self->write_owned(frame); },
        asio::detached);
}

void Worker::kill() {
    if (!exited_ && pid_ > 0) {
        ::kill(pid_, SIGKILL);
    }
}

void Worker::close_channel() {
    boost::system::error_code ec;
    in_.close(ec);
    out_.close(ec);
}

void Worker::mark_exited(int wait_status) {
    exited_ = true;
    wait_status_ = wait_status;
    exit_event_.notify();
}

asio::awaitable<bool> Worker::wait_exit(std::chrono::steady_clock::time_point deadline) {
    co_return co_await exit_event_.wait(deadline);
}

} // namespace rr::pool
