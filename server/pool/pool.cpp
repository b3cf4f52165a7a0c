#include "pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <unistd.h>

namespace rr::pool {
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {
// After this many boot failures in a row with no worker left, the script is taken to be unable
// to start at all and the server stops instead of retrying forever.
constexpr unsigned kGiveUpAfter = 5;
constexpr Duration kMaxBackoff = std::chrono::seconds(5);
// Only small jobs are offered, so writing one never waits for the worker to make room in the pipe.
constexpr std::size_t kMaxOfferBytes = 32 * 1024;
} // namespace

Pool::Pool(asio::io_context& io, config::PoolConfig cfg, Spawner& spawner)
    : io_(io), cfg_(cfg), spawner_(&spawner) {
    set_spawner(spawner);
}

void Pool::set_spawner(Spawner& s) {
    spawner_ = &s;
    s.on_exit = [this](pid_t pid, int status) { on_exit(pid, status); };
}

void Pool::set_config(const config::PoolConfig& cfg) {
    cfg_ = cfg;
    ensure_workers();
}

std::vector<pid_t> Pool::live_pids() const {
    std::vector<pid_t> pids;
    for (const auto& [pid, w] : live_) {
        pids.push_back(pid);
    }
    return pids;
}

asio::awaitable<std::shared_ptr<Worker>> Pool::boot_one(std::string& error, std::optional<Duration> limit) {
    Spawner* const used = spawner_;
    auto w = co_await used->spawn(error);
    if (!w) {
        co_return nullptr;
    }
    live_[w->pid()] = w;
    std::optional<int> early_exit;
    if (const auto early = early_exits_.find(w->pid()); early != early_exits_.end()) {
        early_exit = early->second;
        early_exits_.erase(early);
    }
    // (A worker that is already gone fails its handshake on the closed pipe, with the clear message.)
    const bool ready = co_await w->handshake(limit.value_or(cfg_.allocate_timeout), error);
    if (early_exit) {
        on_exit(w->pid(), *early_exit);
    }
    if (ready && spawner_ != used) {
        // A reload switched to a new generation while this worker started: it runs the old code and
        // configuration, so it leaves at once and one of the new generation takes its place.
        spdlog::debug("worker {} started from the previous generation; replacing it", w->pid());
        w->set_state(WorkerState::stopping);
        w->send_stop();
        co_return co_await boot_one(error, limit);
    }
    if (ready) {
        if (cfg_.max_jobs > 0) {
            // Jitter (up to +10%) so that workers started together are not all replaced together.
            std::uniform_int_distribution<uint64_t> jitter(0, cfg_.max_jobs / 10);
            w->set_job_limit(cfg_.max_jobs + jitter(rng_));
        }
        w->touch();
        w->set_stream_timeout(cfg_.stream_timeout);
        co_return w;
    }
    w->kill();
    co_await w->wait_exit(Clock::now() + std::chrono::seconds(2));
    co_await w->wait_stderr_closed(std::chrono::seconds(1));
    if (w->exited()) {
        error += " (" + describe_wait_status(w->wait_status()) + ")";
    }
    const std::string tail = w->recent_stderr();
    if (!tail.empty()) {
        error += "; it wrote:\n" + tail;
    }
    co_return nullptr;
}

asio::awaitable<bool> Pool::start(std::string& error) {
    auto first = co_await boot_one(error);
    if (!first) {
        co_return false;
    }
    if (cfg_.debug) { // a fresh worker per request: this one only proved that the script starts
        first->set_state(WorkerState::stopping);
        first->send_stop();
        co_return true;
    }
    workers_.push_back(first);
    release(first);
    ensure_workers();
    if ((cfg_.supervisor.enabled || cfg_.dynamic_allocator.enabled) && !supervising_) {
        supervising_ = true;
        asio::co_spawn(io_, supervise(), asio::detached);
    }
    // Wait (bounded) until the others are up, so the server starts at full strength.
    asio::steady_timer t(io_);
    const auto deadline = Clock::now() + cfg_.allocate_timeout;
    while (booting_ > 0 && Clock::now() < deadline && !stopping_) {
        t.expires_after(std::chrono::milliseconds(5));
        co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    co_return true;
}

void Pool::ensure_workers() {
    while (!stopping_ && workers_.size() + booting_ < target()) {
        spdlog::debug("starting a worker ({} in service, {} starting, {} wanted)", workers_.size(), booting_,
                      target());
        ++booting_;
        asio::co_spawn(io_, boot_task(), asio::detached);
    }
}

asio::awaitable<void> Pool::boot_task() {
    Duration backoff = std::chrono::milliseconds(100);
    asio::steady_timer t(io_);
    while (!stopping_) {
        std::string error;
        auto w = co_await boot_one(error);
        if (w) {
            --booting_;
            if (stopping_) {
                w->send_stop();
                co_return;
            }
            consecutive_failures_ = 0;
            workers_.push_back(w);
            release(w);
            co_return;
        }
        ++consecutive_failures_;
        spdlog::error("worker failed to start: {}", error);
        if (consecutive_failures_ >= kGiveUpAfter && workers_.empty()) {
            --booting_;
            if (on_fatal) {
                on_fatal("the worker script failed to start " + std::to_string(consecutive_failures_) +
                         " times in a row: " + error);
            }
            co_return;
        }
        t.expires_after(backoff);
        co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
        backoff = std::min<Duration>(backoff * 2, kMaxBackoff);
    }
    --booting_;
}

asio::awaitable<Pool::Assignment> Pool::acquire(Clock::time_point deadline, bool may_offer) {
    while (!idle_.empty()) {
        auto w = std::move(idle_.front());
        idle_.pop_front();
        if (!w->exited() && w->state() == WorkerState::ready && w->jobs() == 0 && !w->reserved() &&
            has_budget(*w)) {
            w->set_state(WorkerState::working);
            assign(w);
            co_return Assignment{w, false};
        }
    }
    if (may_offer) {
        if (auto w = offer_candidate()) {
            assign(w);
            co_return Assignment{w, true};
        }
    }
    if (cfg_.max_queue_size > 0 && waiters_.size() >= cfg_.max_queue_size) {
        Assignment full;
        full.queue_full = true;
        co_return full;
    }
    maybe_grow();
    auto waiter = std::make_shared<Waiter>(io_.get_executor());
    waiters_.push_back(waiter);
    const bool handed_over = co_await waiter->ready.wait(deadline);
    if (!handed_over) {
        waiters_.erase(std::remove(waiters_.begin(), waiters_.end(), waiter), waiters_.end());
        co_return Assignment{};
    }
    co_return waiter->assignment;
}

std::shared_ptr<Worker> Pool::offer_candidate() const {
    if (!offers_enabled()) {
        return nullptr;
    }
    // The busy worker whose current job started first is the likeliest to finish first. If
    // another worker frees up sooner, the offer is withdrawn and runs there.
    std::shared_ptr<Worker> best;
    for (const auto& w : workers_) {
        if (!w->can_take_offer() || !has_budget(*w)) {
            continue;
        }
        if (!best || w->jobs() < best->jobs() ||
            (w->jobs() == best->jobs() && w->current_job_started() < best->current_job_started())) {
            best = w;
        }
    }
    return best;
}

bool Pool::hand_to_waiter(const std::shared_ptr<Worker>& w, bool offer) {
    while (!waiters_.empty()) {
        auto waiter = std::move(waiters_.front());
        waiters_.pop_front();
        if (waiter->ready.notified()) {
            continue; // it timed out
        }
        w->set_state(WorkerState::working);
        w->reserve();
        assign(w);
        waiter->assignment = Assignment{w, offer};
        waiter->ready.notify();
        return true;
    }
    return false;
}

void Pool::release(const std::shared_ptr<Worker>& w) {
    if (w->exited() || stopping_) {
        return;
    }
    if (w->state() == WorkerState::invalid) {
        // Out of service (reset, remove_worker): it leaves once it holds no job. (A job assigned
        // before it left the pool keeps that state: Worker::exec does not make it `working`.)
        if (w->jobs() == 0 && !w->reserved()) {
            w->set_state(WorkerState::stopping);
            w->send_stop();
        }
        return;
    }
    if (w->jobs() > 0 || w->reserved()) {
        // Still busy (with a job it was offered): it may be offered the next waiting one.
        if (offers_enabled() && w->can_take_offer() && has_budget(*w)) {
            hand_to_waiter(w, true);
        }
        return;
    }
    w->touch();
    if (!has_budget(*w)) {
        replace(w, WorkerState::max_jobs_reached, fmt::format("served max_jobs ({})", w->job_limit()));
        return;
    }
    if (hand_to_waiter(w, false)) {
        return;
    }
    w->set_state(WorkerState::ready);
    idle_.push_back(w);
    // A job offered to a busy worker would wait for it; take it back so it runs here.
    for (const auto& other : workers_) {
        if (other != w && other->withdraw_offer()) {
            spdlog::debug("job offer to busy worker {} withdrawn: worker {} is free", other->pid(), w->pid());
            break;
        }
    }
}

void Pool::retire(std::shared_ptr<Worker> w, bool kill) { // by value: w may be an element of workers_
    w->set_state(kill ? WorkerState::errored : WorkerState::stopping);
    workers_.erase(std::remove(workers_.begin(), workers_.end(), w), workers_.end());
    idle_.erase(std::remove(idle_.begin(), idle_.end(), w), idle_.end());
    if (kill) {
        w->kill();
    } else {
        w->send_stop();
    }
    ensure_workers();
}

unsigned Pool::target() const {
    return cfg_.debug ? 0 : cfg_.num_workers + dyn_extra_;
}

void Pool::assign(const std::shared_ptr<Worker>& w) {
    w->count_assignment();
}

void Pool::replace(const std::shared_ptr<Worker>& w, WorkerState reason, const std::string& why) {
    spdlog::info("worker {} {} ({}); replacing it{}", w->pid(), why, state_name(reason),
                 w->jobs() > 0 || w->reserved() ? " after its current request" : "");
    retire_gracefully(w); // an idle worker gets the stop frame now, a busy one after its request
    ensure_workers();
}

// Supervisor: soft limits (ttl, idle_ttl, max_worker_memory) every watch_tick; the dynamic
// allocator's extra workers leave after idle_timeout.
asio::awaitable<void> Pool::supervise() {
    asio::steady_timer t(io_);
    while (!stopping_) {
        Duration tick = cfg_.supervisor.enabled ? cfg_.supervisor.watch_tick : std::chrono::seconds(1);
        if (cfg_.dynamic_allocator.enabled) {
            tick = std::min<Duration>(tick, std::chrono::seconds(1));
        }
        t.expires_after(tick);
        co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
        if (stopping_) {
            break;
        }
        const auto now = Clock::now();
        const auto& sv = cfg_.supervisor;
        const std::vector<std::shared_ptr<Worker>> snapshot = workers_;
        for (const auto& w : snapshot) {
            if (w->exited() || std::find(workers_.begin(), workers_.end(), w) == workers_.end()) {
                continue;
            }
            if (sv.enabled && sv.ttl.count() > 0 && now - w->started() >= sv.ttl) {
                replace(w, WorkerState::ttl_reached, fmt::format("reached its ttl ({}ms)", sv.ttl.count()));
                continue;
            }
            const bool idle = w->state() == WorkerState::ready && w->jobs() == 0 && !w->reserved();
            if (sv.enabled && sv.idle_ttl.count() > 0 && idle && w->execs() > 0 &&
                now - w->last_active() >= sv.idle_ttl) {
                replace(w, WorkerState::idle_ttl_reached,
                        fmt::format("was idle for its idle_ttl ({}ms)", sv.idle_ttl.count()));
                continue;
            }
            if (sv.enabled && sv.max_worker_memory > 0) {
                const uint64_t mb = private_memory(w->pid()) >> 20;
                if (mb >= sv.max_worker_memory) {
                    replace(w, WorkerState::max_memory_reached,
                            fmt::format("uses {} MB of private memory (max_worker_memory {} MB)", mb,
                                        sv.max_worker_memory));
                    continue;
                }
            }
        }
        // The dynamic allocator's extra workers: one that sat idle for idle_timeout leaves.
        if (cfg_.dynamic_allocator.enabled && dyn_extra_ > 0) {
            for (const auto& w : std::vector<std::shared_ptr<Worker>>(workers_)) {
                if (dyn_extra_ == 0 || workers_.size() <= cfg_.num_workers) {
                    break;
                }
                const bool idle = w->state() == WorkerState::ready && w->jobs() == 0 && !w->reserved();
                if (idle && now - w->last_active() >= cfg_.dynamic_allocator.idle_timeout) {
                    --dyn_extra_;
                    spdlog::info("worker {} (started for a peak) was idle for {}ms; stopping it", w->pid(),
                                 cfg_.dynamic_allocator.idle_timeout.count());
                    retire_gracefully(w);
                }
            }
        }
    }
}

void Pool::maybe_grow() {
    const auto& da = cfg_.dynamic_allocator;
    if (!da.enabled || cfg_.debug || stopping_ || dyn_extra_ >= da.max_workers || booting_ > 0) {
        return;
    }
    const auto now = Clock::now();
    if (now - last_grow_ < std::chrono::milliseconds(100)) {
        return;
    }
    last_grow_ = now;
    const unsigned more = std::min(da.spawn_rate, da.max_workers - dyn_extra_);
    dyn_extra_ += more;
    spdlog::info("all workers busy: starting {} more (dynamic_allocator, {} extra of at most {})", more,
                 dyn_extra_, da.max_workers);
    ensure_workers();
}

void Pool::retire_gracefully(std::shared_ptr<Worker> w) { // by value: w may be an element of workers_
    spdlog::debug("worker {} leaves the pool ({})", w->pid(), state_name(w->state()));
    workers_.erase(std::remove(workers_.begin(), workers_.end(), w), workers_.end());
    idle_.erase(std::remove(idle_.begin(), idle_.end(), w), idle_.end());
    if (w->exited()) {
        return;
    }
    w->withdraw_offer(); // an offered job not yet claimed runs elsewhere
    w->set_state(WorkerState::invalid);
    release(w);
}

asio::awaitable<bool> Pool::reset(std::string& error) {
    asio::steady_timer t(io_);
    while (resetting_ && !stopping_) { // one reset at a time
        t.expires_after(std::chrono::milliseconds(20));
        co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    resetting_ = true;
    const auto deadline = Clock::now() + cfg_.reset_timeout;
    const std::vector<std::shared_ptr<Worker>> old = workers_;
    bool ok = true;
    std::size_t replaced = 0;
    for (const auto& w : old) {
        if (stopping_) {
            break;
        }
        if (std::find(workers_.begin(), workers_.end(), w) == workers_.end()) {
            continue; // it died or left meanwhile (and was replaced by a fresh worker)
        }
        if (Clock::now() >= deadline) {
            error = fmt::format("reset_timeout passed after {} of {} workers", replaced, old.size());
            ok = false;
            break;
        }
        // A worker still booting when reset_timeout passes is given up.
        const auto left = std::chrono::duration_cast<Duration>(deadline - Clock::now());
        const bool limited = left < cfg_.allocate_timeout;
        auto fresh = co_await boot_one(error, limited ? std::optional<Duration>(left) : std::nullopt);
        if (!fresh) {
            error =
                limited && Clock::now() >= deadline
                    ? fmt::format("reset_timeout passed while a new worker was starting ({} of {} workers "
                                  "replaced); the old workers keep serving",
                                  replaced, old.size())
                    : "a new worker failed to start; the old workers keep serving: " + error;
            ok = false;
            break;
        }
        if (stopping_) {
            fresh->send_stop();
            break;
        }
        workers_.push_back(fresh);
        release(fresh);
        retire_gracefully(w);
        ++replaced;
    }
    resetting_ = false;
    while (ok && workers_.size() > cfg_.num_workers) { // the worker count went down (SIGHUP)
        retire_gracefully(workers_.front());
    }
    ensure_workers();
    spdlog::info("reset: {} of {} workers replaced", replaced, old.size());
    co_return ok;
}

void Pool::add_worker() {
    ++cfg_.num_workers;
    ensure_workers();
}

void Pool::remove_worker() {
    if (cfg_.num_workers <= 1) {
        return; // as RoadRunner: success, and the pool keeps its last worker
    }
    --cfg_.num_workers;
    std::shared_ptr<Worker> victim;
    for (const auto& w : workers_) {
        if (w->state() == WorkerState::ready) {
            victim = w;
            break;
        }
    }
    if (!victim && !workers_.empty()) {
        victim = workers_.back();
    }
    if (victim) {
        retire_gracefully(victim);
    }
}

uint64_t private_memory(pid_t pid) {
    // Pages only this process uses: what it would give back by exiting. Shared pages (opcache's
    // shared memory, and code inherited from the zygote that nobody wrote to) are not counted.
    uint64_t kb = 0;
    if (FILE* f = std::fopen(fmt::format("/proc/{}/smaps_rollup", pid).c_str(), "r")) {
        char line[256];
        while (std::fgets(line, sizeof line, f) != nullptr) {
            unsigned long v = 0;
            if (std::sscanf(line, "Private_Clean: %lu kB", &v) == 1 ||
                std::sscanf(line, "Private_Dirty: %lu kB", &v) == 1) {
                kb += v;
            }
        }
        std::fclose(f);
    }
    return kb << 10;
}

namespace {
// RSS and lifetime CPU share of a process, from /proc (0 when it is gone).
void proc_usage(pid_t pid, uint64_t& rss, double& cpu) {
    rss = 0;
    cpu = 0;
    static const long page = ::sysconf(_SC_PAGESIZE);
    static const long hz = ::sysconf(_SC_CLK_TCK);
    if (FILE* f = std::fopen(fmt::format("/proc/{}/statm", pid).c_str(), "r")) {
        unsigned long size = 0, resident = 0;
        if (std::fscanf(f, "%lu %lu", &size, &resident) == 2) {
            rss = static_cast<uint64_t>(resident) * static_cast<uint64_t>(page);
        }
        std::fclose(f);
    }
    std::string stat;
    if (FILE* f = std::fopen(fmt::format("/proc/{}/stat", pid).c_str(), "r")) {
        char buf[1024];
        const std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
        stat.assign(buf, n);
        std::fclose(f);
    }
    const auto paren = stat.rfind(')');
    if (paren == std::string::npos) {
        return;
    }
    // Fields after "(comm)": state is field 3; utime 14, stime 15, starttime 22.
    std::vector<std::string> fields;
    std::size_t i = paren + 2;
    while (i < stat.size()) {
        const auto sp = stat.find(' ', i);
        fields.push_back(stat.substr(i, sp == std::string::npos ? std::string::npos : sp - i));
        i = sp == std::string::npos ? stat.size() : sp + 1;
    }
    if (fields.size() < 20) {
        return;
    }
    const double ticks = std::strtod(fields[11].c_str(), nullptr) + std::strtod(fields[12].c_str(), nullptr);
    const double start = std::strtod(fields[19].c_str(), nullptr) / static_cast<double>(hz);
    double uptime = 0;
    if (FILE* f = std::fopen("/proc/uptime", "r")) {
        if (std::fscanf(f, "%lf", &uptime) != 1) {
            uptime = 0;
        }
        std::fclose(f);
    }
    const double alive = uptime - start;
    if (alive > 0) {
        cpu = ticks / static_cast<double>(hz) / alive * 100.0;
    }
}
} // namespace

std::vector<Pool::WorkerInfo> Pool::info() const {
    std::vector<WorkerInfo> out;
    for (const auto& w : workers_) {
        WorkerInfo i;
        i.pid = w->pid();
        i.state = w->state();
        i.execs = w->execs();
        i.created_ns =
            std::chrono::duration_cast<std::chrono::nanoseconds>(w->created().time_since_epoch()).count();
        i.command = w->command();
        proc_usage(i.pid, i.memory, i.cpu_percent);
        out.push_back(std::move(i));
    }
    return out;
}

asio::awaitable<ExecResult> Pool::exec(const Job& job, ResponseSink& sink, Outcome& outcome) {
    if (cfg_.debug) {
        co_return co_await exec_debug(job, sink, outcome);
    }
    const auto deadline = Clock::now() + cfg_.wait_timeout;
    ExecResult res;
    outcome = Outcome::done;
    // A job is retried only when it provably never ran: the worker was gone before it got the
    // job, or it asked to be replaced instead of answering. A withdrawn offer is not a failure
    // (another worker became free first); the wait deadline bounds those rounds.
    const bool may_offer = job.head.size() + job.body.size() <= kMaxOfferBytes;
    int failures = 0;
    while (failures < 4) {
        const Assignment a = co_await acquire(deadline, may_offer);
        const auto& w = a.worker;
        if (!w) {
            outcome = a.queue_full ? Outcome::queue_full : Outcome::no_workers;
            res.error = ExecError::not_delivered;
            res.message = a.queue_full ? "the queue is full" : "no worker became free in time";
            co_return res;
        }
        if (a.offer) {
            spdlog::debug("job offered to busy worker {}", w->pid());
        }
        // supervisor.exec_ttl is hard: past it the worker is killed and the client gets 504.
        std::unique_ptr<asio::steady_timer> ttl;
        if (cfg_.supervisor.exec_ttl.count() > 0) {
            ttl = std::make_unique<asio::steady_timer>(io_, cfg_.supervisor.exec_ttl);
            ttl->async_wait([weak = std::weak_ptr<Worker>(w)](const boost::system::error_code& ec) {
                auto worker = weak.lock();
                if (ec || !worker || worker->exited()) {
                    return;
                }
                worker->mark_exec_ttl_hit();
                worker->kill();
            });
        }
        res = co_await w->exec(job, sink, a.offer);
        if (ttl) {
            ttl->cancel();
        }
        switch (res.error) {
        case ExecError::none:
        case ExecError::soft_error:
            release(w);
            co_return res;
        case ExecError::withdrawn:
            continue;
        case ExecError::not_delivered:
        case ExecError::stop_requested:
            retire(w, res.error == ExecError::not_delivered);
            ++failures;
            continue;
        case ExecError::worker_lost:
            if (w->exec_ttl_hit()) {
                outcome = Outcome::exec_ttl;
                res.message =
                    fmt::format("the request ran longer than supervisor.exec_ttl ({}ms); worker {} killed",
                                cfg_.supervisor.exec_ttl.count(), w->pid());
                spdlog::warn("{}", res.message);
                w->set_state(WorkerState::exec_ttl_reached);
            } else {
                spdlog::warn("worker {}: {}; replacing it", w->pid(), res.message);
            }
            retire(w, true);
            co_return res;
        }
    }
    co_return res;
}

// debug: a fresh worker for every request, stopped right after it (num_workers is ignored).
asio::awaitable<ExecResult> Pool::exec_debug(const Job& job, ResponseSink& sink, Outcome& outcome) {
    outcome = Outcome::done;
    ExecResult res;
    std::string error;
    auto w = co_await boot_one(error);
    if (!w) {
        outcome = Outcome::no_workers;
        res.error = ExecError::not_delivered;
        res.message = "debug mode: the worker failed to start: " + error;
        co_return res;
    }
    w->set_state(WorkerState::working);
    res = co_await w->exec(job, sink, false);
    w->set_state(WorkerState::stopping);
    if (res.error == ExecError::worker_lost || res.error == ExecError::not_delivered) {
        w->kill();
    } else {
        w->send_stop();
    }
    co_return res;
}

void Pool::on_exit(pid_t pid, int status) {
    auto it = live_.find(pid);
    if (it == live_.end()) {
        // A worker that died at once: the zygote's "exited" can arrive in the same read as its
        // "spawned", before boot_one() has registered it. Kept until it is (a few at most).
        if (early_exits_.size() < 64) {
            early_exits_[pid] = status;
        }
        return;
    }
    auto w = it->second;
    live_.erase(it);
    const bool in_service = std::find(workers_.begin(), workers_.end(), w) != workers_.end();
    const bool asked_to_stop = w->state() == WorkerState::stopping || w->state() == WorkerState::stopped;
    w->mark_exited(status);
    if (w->jobs() == 0) {
        // A worker still holding jobs keeps its channel open: each exec sees EOF and still needs
        // the job pipe to tell whether its job was ever read. The last one closes it.
        w->close_channel();
    }
    if (asked_to_stop) {
        spdlog::debug("worker {} exited ({})", pid, describe_wait_status(status));
    } else {
        spdlog::warn("worker {} exited ({}){}", pid, describe_wait_status(status),
                     in_service && !stopping_ ? "; starting a new one" : "");
    }
    if (in_service && !stopping_) {
        w->set_state(WorkerState::errored);
        workers_.erase(std::remove(workers_.begin(), workers_.end(), w), workers_.end());
        idle_.erase(std::remove(idle_.begin(), idle_.end(), w), idle_.end());
        ensure_workers();
    }
}

asio::awaitable<void> Pool::stop() {
    stopping_ = true;
    for (auto& waiter : waiters_) {
        waiter->ready.notify();
    }
    waiters_.clear();
    idle_.clear();
    std::vector<std::shared_ptr<Worker>> all;
    for (auto& [pid, w] : live_) {
        all.push_back(w);
    }
    for (auto& w : all) {
        w->set_state(WorkerState::stopping);
        w->send_stop();
    }
    const auto deadline = Clock::now() + cfg_.destroy_timeout;
    for (auto& w : all) {
        const bool exited = co_await w->wait_exit(deadline);
        if (!exited) {
            spdlog::warn("worker {} did not stop within {}ms; killing it", w->pid(),
                         cfg_.destroy_timeout.count());
            w->kill();
            co_await w->wait_exit(Clock::now() + std::chrono::seconds(5));
        }
        w->set_state(WorkerState::stopped);
    }
    workers_.clear();
}

} // namespace rr::pool
