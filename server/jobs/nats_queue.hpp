// A nats pipeline's side in NATS JetStream (libnats): pushes publish to the pipeline's subject in
// its stream (created as a work queue when missing), a durable pull consumer fetches the jobs for
// the consumers (at most prefetch at a time), acks ack them, a dead consumer's job is NAKed
// (delivered again at once), requeue publishes again then acks the old one. A delay is carried in
// the job: fetched before its time, a job is held here until it is due (and told in progress to
// JetStream meanwhile, so its ack wait does not run out). libnats reconnects by itself;
// a job whose ack was lost is delivered again after the consumer's ack wait (at least once).
// libnats' calls block, so fetching runs on a thread of its own and publishing on another; what
// they get comes back to the server's event loop.
#pragma once

#include "server/core/log.hpp"

#include "server/config/config.hpp"
#include "server/jobs/broker.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <thread>

struct __natsConnection;
struct __natsSubscription;
struct __jsCtx;
struct __natsMsg;

namespace rr::jobs {

class NatsQueue final : public Broker {
public:
    NatsQueue(boost::asio::any_io_executor ex, const config::JobsConfig& jobs, std::string pipeline,
              const config::JobsPipelineConfig& config);
    ~NatsQueue() override;

    void start(Hooks hooks) override;
    void stop() override;
    void kick() override;
    boost::asio::awaitable<void> drain() override;
    boost::asio::awaitable<std::string> put(const std::vector<::jobs::v1::Job>* jobs) override;
    void remove(BrokerTicket t) override;
    void release(BrokerTicket t) override;
    void replace(BrokerTicket t, ::jobs::v1::Job job, std::chrono::seconds delay) override;
    Counts counts() const override { return counts_; }
    boost::asio::awaitable<void> refresh() override;

private:
    // Runs on the fetching thread.
    void fetch_loop();
    bool connect(std::string& error);             // the connection, the stream and the pull subscription
    std::string publish(const std::string& body); // publishing thread
    void arrived(__natsMsg* msg);                 // event loop

    boost::asio::any_io_executor ex_;
    // Owned: the fetching thread and libnats' threads log with it, also while the logs are set up
    // again or the process ends.
    std::shared_ptr<spdlog::logger> log_ = log::channel_ptr("jobs");
    std::string pipeline_;
    std::string address_;
    Duration timeout_;
    std::string subject_;
    std::string stream_;
    bool deliver_new_;
    boost::asio::thread_pool publisher_{1};
    std::thread fetcher_;

    std::mutex mu_; // guards what the fetching thread shares: credit_, stopping_
    std::condition_variable wake_;
    std::size_t credit_ = 0; // jobs the fetching thread may fetch now
    bool stopping_ = false;
    std::condition_variable connected_; // the fetching thread connected (or stops)
    std::string connect_error_;         // why the last try failed

    // Connection objects: made and used by the fetching thread; the publishing thread and the
    // event loop (acks) use them once made (libnats calls are thread-safe).
    std::atomic<__natsConnection*> conn_{nullptr};
    std::atomic<__jsCtx*> js_{nullptr};
    std::atomic<__natsSubscription*> sub_{nullptr};
    std::future<void> closed_; // set by the connection's closed callback (made with conn_)

    // Event loop only.
    Hooks hooks_;
    bool stopped_ = false;
    uint64_t next_ticket_ = 1;
    std::map<uint64_t, __natsMsg*> held_; // fetched, not answered
    // Fetched before they are due, held until then; told in progress every kProgressMs (well
    // within the consumer's 30 s ack wait).
    static constexpr int64_t kProgressMs = 10000;
    std::map<__natsMsg*, std::shared_ptr<boost::asio::steady_timer>> not_due_;
    Counts counts_;
};

} // namespace rr::jobs
