// One worker process as the master sees it: its goridge channel, its stderr, its state.
// The pool does not care how the process was created (see spawner.hpp).
#pragma once

#include "goridge-compat/frame.hpp"
#include "goridge-compat/offer_slot.hpp"
#include "server/core/duration.hpp"
#include "server/core/event.hpp"
#include "server/core/signal.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace rr::pool {

// RoadRunner's worker states and codes (PROTOCOL.md §2.12), used by the informer.
enum class WorkerState : int {
    inactive = 0,
    ready = 1,
    working = 2,
    invalid = 3,
    stopping = 4,
    stopped = 5,
    destroyed = 6,
    max_jobs_reached = 7,
    errored = 8,
    idle_ttl_reached = 9,
    ttl_reached = 10,
    max_memory_reached = 11,
    exec_ttl_reached = 12,
};
const char* state_name(WorkerState s);

// Receives a worker's reply frame by frame (one frame, or a stream of them).
class ResponseSink {
public:
    virtual ~ResponseSink() = default;
    // Return false when the client is gone: the rest of the stream is drained and dropped.
    virtual boost::asio::awaitable<bool> on_frame(goridge::Frame& frame) = 0;
};

// A job: the frame header and context (built by the caller), and the body, sent without a copy.
struct Job {
    std::string head;
    std::string_view body;
};

enum class ExecError {
    none,
    not_delivered,  // the worker was already gone: the job never reached it (safe to retry)
    worker_lost,    // the worker died or broke the protocol while holding the job
    soft_error,     // the worker answered with an ERROR frame; it stays usable
    stop_requested, // the worker answered {"stop":true}: replace it and retry the job elsewhere
    withdrawn,      // an offered job was taken back before the worker claimed it: run it elsewhere
};

struct ExecResult {
    ExecError error = ExecError::none;
    std::string message;
    bool response_started = false; // at least one frame reached the sink
};

class Worker : public std::enable_shared_from_this<Worker> {
public:
    // `in_fd` carries the worker's frames to us, `out_fd` ours to it (the two may be one socket for
    // socket relays: pass the same fd twice).
    Worker(boost::asio::any_io_executor ex, int in_fd, int out_fd, int stderr_fd, pid_t pid,
           std::string command);
    // Attaches the shared offer slot (goridge-compat/offer_slot.hpp); offers are used only if the worker also
    // says in its PID answer that it understands them.
    void attach_offer_slot(offer::Slot* slot, std::size_t bytes);
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    pid_t pid() const { return pid_; }
    const std::string& command() const { return command_; }
    WorkerState state() const { return state_; }
    void set_state(WorkerState s) { state_ = s; }
    uint64_t execs() const { return execs_; }
    // Pool bookkeeping for the supervisor: jobs handed to this worker (counted when assigned, so a
    // worker at its max_jobs gets no offers), its job limit (0: none), when it was last busy.
    uint64_t assigned() const { return assigned_; }
    void count_assignment() { ++assigned_; }
    uint64_t job_limit() const { return job_limit_; }
    void set_job_limit(uint64_t n) { job_limit_ = n; }
    std::chrono::steady_clock::time_point started() const { return started_; }
    std::chrono::steady_clock::time_point last_active() const { return last_active_; }
    void touch() { last_active_ = std::chrono::steady_clock::now(); }
    // Set when the supervisor killed the worker for exceeding exec_ttl.
    bool exec_ttl_hit() const { return exec_ttl_hit_; }
    void mark_exec_ttl_hit() { exec_ttl_hit_ = true; }
    // How long the rest of a stream is drained after its client left (then the worker is killed).
    void set_stream_timeout(Duration d) { stream_timeout_ = d; }
    std::chrono::system_clock::time_point created() const { return created_; }

    // Starts copying the worker's stderr into the log, line by line.
    void start_log_pump();
    // The last lines the worker wrote on stderr (kept for error reports).
    std::string recent_stderr() const;
    // Waits until the worker's stderr is closed (it exited), at most `timeout`.
    boost::asio::awaitable<void> wait_stderr_closed(Duration timeout);

    // PID handshake: sends {"pid":<master pid>} and expects the worker's own pid back.
    boost::asio::awaitable<bool> handshake(Duration timeout, std::string& error);
    // Sends one job and delivers the reply frames to `sink`. With `offer`, the job is written while
    // the worker is still busy with another one and may be taken back with withdraw_offer() until
    // the worker claims it; exec() then returns ExecError::withdrawn.
    boost::asio::awaitable<ExecResult> exec(const Job& job, ResponseSink& sink, bool offer = false);

    // A busy worker that may be offered one more job: it understands offers, holds fewer than
    // offer::kMaxOffers offers, and every job it holds has been written completely.
    bool can_take_offer() const;
    // Takes back the job offered to this worker, unless the worker has claimed it already.
    bool withdraw_offer();
    bool has_offer() const;
    std::size_t jobs() const { return tickets_.size(); }
    // The pool has promised this worker to a waiting request that has not called exec() yet.
    void reserve() { ++reserved_; }
    bool reserved() const { return reserved_ > 0; }
    std::chrono::steady_clock::time_point current_job_started() const { return current_started_; }

    // Sends the stop control frame (best effort; the worker exits on its own).
    void send_stop();
    void kill();
    void close_channel();

    // Exit bookkeeping, fed by whoever reaps the process (the zygote for embed workers).
    void mark_exited(int wait_status);
    bool exited() const { return exited_; }
    int wait_status() const { return wait_status_; }
    boost::asio::awaitable<bool> wait_exit(std::chrono::steady_clock::time_point deadline);

private:
    // A job written to the worker, waiting for its turn to read its reply (jobs answer in order).
    struct Ticket {
        explicit Ticket(boost::asio::any_io_executor ex) : turn(ex) {}
        uint64_t seq = 0;
        std::size_t bytes = 0;
        bool offered = false;
        bool written = false;
        bool withdrawn = false;
        Event turn;
    };
    // How many bytes of jobs written after `t` are still in the pipe at most.
    std::size_t bytes_after(const Ticket& t) const;
    bool job_unread(const Ticket& t);
    void finish_ticket(const std::shared_ptr<Ticket>& t);

    enum class ReadStatus { frame, eof, error, timeout };
    boost::asio::awaitable<ReadStatus> read_frame(goridge::Frame& out);
    // Writes as much of `job` as the pipe takes now, without waiting (nothing while another frame
    // is being written to the worker or waits for its turn): the bytes written, or a failure other
    // than a full pipe.
    struct Written {
        std::size_t bytes = 0;
        boost::system::error_code error;
    };
    Written write_now(const Job& job);
    // Every other write to the worker: through Asio, one frame after the other, in the order they
    // were asked for (out_next_, out_done_). The buffers are kept by value in the coroutine.
    template <typename Buffers> boost::asio::awaitable<boost::system::error_code> write_out(Buffers buffers);
    boost::asio::awaitable<void> write_owned(std::shared_ptr<const std::string> frame);
    boost::asio::awaitable<void> log_pump();

    boost::asio::posix::stream_descriptor in_;
    boost::asio::posix::stream_descriptor out_;
    boost::asio::posix::stream_descriptor stderr_;
    pid_t pid_;
    std::string command_;
    WorkerState state_ = WorkerState::inactive;
    uint64_t execs_ = 0;
    uint64_t assigned_ = 0;
    uint64_t job_limit_ = 0;
    bool exec_ttl_hit_ = false;
    Duration stream_timeout_ = std::chrono::seconds(60);
    std::chrono::system_clock::time_point created_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_active_ = std::chrono::steady_clock::now();
    goridge::FrameDecoder decoder_;
    std::vector<char> rbuf_;
    std::string read_error_;
    std::deque<std::string> recent_;
    Event stderr_closed_;
    Event exit_event_;
    Signal out_free_; // a frame to the worker finished: the next may start
    // Frames to the worker through Asio, as tickets: out_next_ is the next one given, out_done_ the
    // one whose turn it is (every one before it is written). Equal: none is written or waiting.
    uint64_t out_next_ = 0;
    uint64_t out_done_ = 0;
    bool exited_ = false;
    std::deque<std::shared_ptr<Ticket>> tickets_;
    std::vector<std::pair<uint64_t, std::size_t>> skipped_; // withdrawn jobs the worker may not have read yet
    uint64_t next_seq_ = 0;
    offer::Slot* slot_ = nullptr;
    std::size_t slot_bytes_ = 0;
    bool offers_ = false;
    unsigned reserved_ = 0;
    std::chrono::steady_clock::time_point current_started_{};
    int wait_status_ = 0;
};

// Describes how a process ended, e.g. "exit code 255" or "signal 11 (SIGSEGV)".
std::string describe_wait_status(int status);

} // namespace rr::pool
