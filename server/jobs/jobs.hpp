// RoadRunner's jobs plugin: named pipelines (memory, boltdb) fed by jobs.Push over RPC and consumed
// by a pool of their own goridge workers (RR_MODE=jobs). One poller per consumer worker takes the
// next ready job of the consuming pipelines (lower priority value first, then oldest), runs it on
// the pool and applies the consumer's answer (consumer_protocol.hpp). At least once: a boltdb job
// stays stored until acked; a job whose worker died or timed out (exec_ttl) is requeued in a
// boltdb pipeline and reported (then dropped) in a memory one.
#pragma once

#include "jobs.pb.h"
#include "server/config/config.hpp"
#include "server/core/event.hpp"
#include "server/jobs/pipeline.hpp"
#include "server/pool/pool.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace rr::jobs {

class Jobs {
public:
    Jobs(boost::asio::io_context& io, const config::JobsConfig& config, pool::Pool& pool);

    // Opens the configured pipelines (a boltdb one loads the jobs it kept); throws kv::Error or
    // config::ConfigError naming the pipeline.
    void open();
    // Starts consuming the `consume` pipelines, with one poller per pool worker.
    void start();
    // Stops taking jobs; returns when the jobs in flight are answered.
    boost::asio::awaitable<void> stop();

    // The RPC operations; each returns "" or the error text. A push returns once the jobs are
    // queued (boltdb: on disk; beanstalk: in beanstalkd).
    boost::asio::awaitable<std::string> push(std::unique_ptr<std::vector<::jobs::v1::Job>> jobs);
    std::string pause(const std::vector<std::string>& names);
    std::string resume(const std::vector<std::string>& names);
    std::vector<std::string> list() const;
    std::string declare(const std::map<std::string, std::string>& options);
    std::string destroy(const std::vector<std::string>& names, std::vector<std::string>& destroyed);
    ::jobs::v1::Stats stats() const;               // beanstalk: the tube's counts as last asked
    boost::asio::awaitable<void> refresh_counts(); // asks beanstalkd for its tubes' counts

    uint64_t done() const { return done_; }

    // What happened to the jobs of each pipeline so far (rr_jobs_* metrics).
    struct Counters {
        uint64_t push_ok = 0;  // pushes accepted
        uint64_t push_err = 0; // pushes refused
        uint64_t ok = 0;       // jobs acked
        uint64_t err = 0;      // jobs failed (fail, nack without requeue, a crashed or timed-out consumer)
        uint64_t taken = 0;    // jobs handed to a consumer
    };
    // By pipeline; "" holds pushes to pipelines that do not exist.
    const std::map<std::string, Counters>& counters() const { return counters_; }
    // Told each pushed job: its driver, its name, how long its push took (rr_jobs_push_latency).
    std::function<void(const std::string& driver, const std::string& job, double seconds)> on_pushed;

private:
    boost::asio::awaitable<void> poller();
    // The pipeline whose next job should run now, and that job.
    std::optional<std::pair<Pipeline*, ::jobs::v1::Job>> next();
    boost::asio::awaitable<void> run(const std::string* pipeline, const ::jobs::v1::Job* job);
    void answer(const std::string& pipeline, const ::jobs::v1::Job& job, const pool::ExecResult& res,
                pool::Pool::Outcome outcome, const std::string& reply);
    void ring(); // wakes the pollers
    std::string add_pipeline(const std::string& name, const config::JobsPipelineConfig& c);
    void start_broker(Pipeline& p);

    boost::asio::io_context& io_;
    const config::JobsConfig& config_;
    pool::Pool& pool_;
    std::map<std::string, std::unique_ptr<Pipeline>> pipelines_;
    boost::asio::steady_timer bell_;
    std::unique_ptr<Event> idle_; // notified when stopping and no job is in flight
    bool stopping_ = false;
    bool started_ = false;
    size_t running_ = 0; // jobs in flight
    size_t pollers_ = 0;
    uint64_t done_ = 0;
    std::map<std::string, Counters> counters_;
};

} // namespace rr::jobs
