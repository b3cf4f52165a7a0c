// One jobs pipeline: its queue of jobs waiting (by priority, lower first, then in arrival order),
// those delayed until a time, and those handed to a consumer and not yet answered. A boltdb
// pipeline also keeps every job in its JobStore until it is acked, and loads them back at start.
// A beanstalk or nats pipeline keeps its jobs in the broker (Broker): here are only the few it
// fetched for the consumers (at most `prefetch`), each with its ticket for the answer.
#pragma once

#include "jobs.pb.h"
#include "server/config/config.hpp"
#include "server/jobs/broker.hpp"
#include "server/jobs/job_store.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace rr::jobs {

using Clock = std::chrono::system_clock;
using Headers = std::map<std::string, std::vector<std::string>>;

class Pipeline {
public:
    // Opens the store of a boltdb pipeline and queues the jobs it kept; throws kv::Error.
    Pipeline(std::string name, config::JobsPipelineConfig config, uint64_t max_queued);

    const std::string& name() const { return name_; }
    // Its jobs are in a broker (pushes go there, not to push()); nullptr for memory and boltdb.
    Broker* broker() const { return broker_.get(); }
    void attach(std::shared_ptr<Broker> broker) { broker_ = std::move(broker); }
    // Whether a job whose consumer died is delivered again (boltdb, beanstalk) or dropped (memory).
    bool durable() const { return store_ || broker_; }
    // A job the broker reserved for this pipeline's consumers.
    void deliver(::jobs::v1::Job job, BrokerTicket ticket);
    // How many more jobs the broker should fetch now: none when paused, else up to prefetch here.
    std::size_t room() const;
    const config::JobsPipelineConfig& config() const { return config_; }

    // Queues `jobs` (stored first when durable); "" or why not (the pipeline is full, a duplicate id).
    std::string push(std::vector<::jobs::v1::Job> jobs);
    // The next job ready now, moved to the in-flight set; nullopt when none is ready or prefetch
    // jobs are already in flight.
    std::optional<::jobs::v1::Job> take();
    // When the next delayed job becomes ready (nullopt: none is delayed).
    std::optional<Clock::time_point> next_ready() const;

    // The consumer's answers for an in-flight job.
    void ack(const std::string& id);
    // Back into the queue after `delay`, with `headers` when given (replacing the job's).
    void requeue(const std::string& id, std::chrono::seconds delay, const Headers* headers);
    // A job whose consumer died: back into the queue when durable(), else dropped.
    void redeliver(const std::string& id);

    bool consuming = false; // pause / resume; a paused pipeline keeps queueing pushes
    int64_t active() const;
    int64_t delayed() const;
    int64_t reserved() const;
    void destroy(); // drops the stored jobs
    void flush();   // writes the acks a durable pipeline keeps for its next write

private:
    struct Entry {
        ::jobs::v1::Job job;
        int64_t priority = 0;
        uint64_t seq = 0;
        Clock::time_point ready_at{};
        BrokerTicket ticket; // beanstalk
    };
    void enqueue(Entry e);
    void promote(Clock::time_point now); // delayed jobs whose time has come
    void store(const std::vector<const Entry*>& entries);

    std::string name_;
    config::JobsPipelineConfig config_;
    uint64_t max_queued_;
    std::unique_ptr<JobStore> store_;
    std::shared_ptr<Broker> broker_;
    uint64_t next_seq_ = 1;
    std::unordered_map<std::string, Entry> jobs_;        // every job not yet acked, by id
    std::set<std::pair<int64_t, uint64_t>> ready_;       // (priority, seq)
    std::map<uint64_t, std::string> by_seq_;             // seq -> id, for ready_ and delayed_
    std::multimap<Clock::time_point, uint64_t> delayed_; // ready_at -> seq
    std::set<std::string> in_flight_;
};

} // namespace rr::jobs
