// A pool of workers: hands each job to an idle worker (or queues it), replaces workers that die,
// and stops them gracefully. Workers come from a Spawner, so embed and exec workers are the same
// to the pool.
#pragma once

#include "server/config/config.hpp"
#include "server/core/event.hpp"
#include "server/pool/spawner.hpp"
#include "server/pool/worker.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace rr::pool {

// Memory only this process uses (private pages, from /proc/PID/smaps_rollup), in bytes.
uint64_t private_memory(pid_t pid);

class Pool {
public:
    Pool(boost::asio::io_context& io, config::PoolConfig cfg, Spawner& spawner);

    // New workers come from `s` from now on (SIGHUP: a new zygote with the new config). Exits of
    // workers from earlier spawners are still reported to the pool.
    void set_spawner(Spawner& s);
    const config::PoolConfig& config() const { return cfg_; }
    // Changes the pool options; takes effect for the next workers (and the worker count at once).
    void set_config(const config::PoolConfig& cfg);
    // Every worker process not yet reaped (in service or leaving).
    std::vector<pid_t> live_pids() const;

    // Boots all workers; false (with `error`) when the first one cannot start.
    boost::asio::awaitable<bool> start(std::string& error);

    enum class Outcome { done, no_workers, queue_full, exec_ttl };
    // Runs one job. On `no_workers` nothing reached a worker within the wait timeout; on
    // `queue_full` max_queue_size requests were already waiting; on `exec_ttl` the worker ran out of
    // supervisor.exec_ttl and was killed.
    boost::asio::awaitable<ExecResult> exec(const Job& job, ResponseSink& sink, Outcome& outcome);

    // Stop frames to every worker, then SIGKILL for those still alive after destroy_timeout.
    boost::asio::awaitable<void> stop();

    // Replaces every worker, one at a time: a new worker boots before an old one leaves, and a busy
    // old worker finishes its request first, so no request fails. False (with `error`) when a new
    // worker cannot start (the remaining old ones are kept) or reset_timeout passes.
    boost::asio::awaitable<bool> reset(std::string& error);
    // One more worker / one less (an idle one if any; a busy one leaves after its request).
    void add_worker();
    void remove_worker();

    struct WorkerInfo {
        pid_t pid = 0;
        WorkerState state = WorkerState::inactive;
        uint64_t execs = 0;
        int64_t created_ns = 0; // Unix time
        uint64_t memory = 0;    // RSS bytes, as RoadRunner reports it
        double cpu_percent = 0; // CPU time over lifetime, as RoadRunner reports it
        std::string command;
    };
    std::vector<WorkerInfo> info() const;

    // Called when workers keep failing to start and none is left: the server cannot serve.
    std::function<void(const std::string&)> on_fatal;

    std::size_t size() const { return workers_.size(); }
    std::size_t idle() const { return idle_.size(); }
    // Requests waiting for a worker.
    std::size_t waiting() const { return waiters_.size(); }
    const std::vector<std::shared_ptr<Worker>>& workers() const { return workers_; }

private:
    // Which worker runs a job, and whether as an offer to a busy worker (goridge-compat/offer_slot.hpp).
    struct Assignment {
        std::shared_ptr<Worker> worker;
        bool offer = false;
        bool queue_full = false;
    };
    struct Waiter {
        explicit Waiter(boost::asio::any_io_executor ex) : ready(ex) {}
        Event ready;
        Assignment assignment;
    };

    // Spawns a worker and waits for its handshake (allocate_timeout, or `limit` when given).
    boost::asio::awaitable<std::shared_ptr<Worker>> boot_one(std::string& error,
                                                             std::optional<Duration> limit = std::nullopt);
    boost::asio::awaitable<void> boot_task();
    void ensure_workers();
    boost::asio::awaitable<Assignment> acquire(std::chrono::steady_clock::time_point deadline,
                                               bool may_offer);
    std::shared_ptr<Worker> offer_candidate() const;
    // Gives `w` to the longest-waiting request, as a plain job or an offer; false if none waits.
    bool hand_to_waiter(const std::shared_ptr<Worker>& w, bool offer);
    void release(const std::shared_ptr<Worker>& w);
    void retire(std::shared_ptr<Worker> w, bool kill);
    // Takes `w` out of service without failing its request: stopped now if idle, else after it.
    void retire_gracefully(std::shared_ptr<Worker> w);
    // A soft limit was reached: `w` leaves (after its request) and a fresh worker takes its place.
    void replace(const std::shared_ptr<Worker>& w, WorkerState reason, const std::string& why);
    // Job offers: on with http.pool.prefetch, off under exec_ttl (an offered request would spend its
    // time waiting behind another).
    bool offers_enabled() const { return cfg_.prefetch && cfg_.supervisor.exec_ttl.count() == 0; }
    bool has_budget(const Worker& w) const { return w.job_limit() == 0 || w.assigned() < w.job_limit(); }
    unsigned target() const;
    void assign(const std::shared_ptr<Worker>& w);
    void maybe_grow();
    boost::asio::awaitable<void> supervise();
    boost::asio::awaitable<ExecResult> exec_debug(const Job& job, ResponseSink& sink, Outcome& outcome);
    void on_exit(pid_t pid, int status);

    boost::asio::io_context& io_;
    config::PoolConfig cfg_;
    Spawner* spawner_;
    std::vector<std::shared_ptr<Worker>> workers_;            // booted and in service
    std::unordered_map<pid_t, std::shared_ptr<Worker>> live_; // every process not yet reaped
    std::unordered_map<pid_t, int> early_exits_; // exits reported before their worker was registered
    std::deque<std::shared_ptr<Worker>> idle_;
    std::deque<std::shared_ptr<Waiter>> waiters_;
    unsigned booting_ = 0;
    unsigned consecutive_failures_ = 0;
    bool stopping_ = false;
    bool resetting_ = false;
    bool supervising_ = false;
    std::mt19937_64 rng_{std::random_device{}()};
    unsigned dyn_extra_ = 0; // extra workers the dynamic allocator wants now
    std::chrono::steady_clock::time_point last_grow_{};
};

} // namespace rr::pool
