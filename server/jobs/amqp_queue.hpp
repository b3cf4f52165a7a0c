// An amqp pipeline's side in RabbitMQ (librabbitmq, AMQP 0-9-1): pushes publish to the pipeline's
// exchange with its routing key (persistent, with publisher confirms: a push returns once the
// broker has the job); a consumer on the pipeline's queue (declared and bound at connect) gets at
// most prefetch unacked jobs (basic.qos); acks ack, a dead consumer's job is rejected with requeue
// (delivered again at once), requeue publishes again then acks the old one. A delay goes through a
// queue of its own per delay ("delayed-MS-EXCHANGE-QUEUE": x-message-ttl, then dead-lettered to the
// pipeline's exchange), as RoadRunner does it. A broken connection is opened again with backoff;
// RabbitMQ requeues what the old one had not acked (at least once), and answers for those are
// dropped. librabbitmq blocks, so the consumer's connection lives on a thread of its own (woken by
// an eventfd for the answers) and the publisher's on another.
#pragma once

#include "server/config/config.hpp"
#include "server/jobs/broker.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace rr::jobs {

class AmqpQueue final : public Broker {
public:
    AmqpQueue(boost::asio::any_io_executor ex, const config::JobsConfig& jobs, std::string pipeline,
              const config::JobsPipelineConfig& config);
    ~AmqpQueue() override;

    void start(Hooks hooks) override;
    void stop() override;
    void kick() override {}
    boost::asio::awaitable<void> drain() override;
    boost::asio::awaitable<std::string> put(const std::vector<::jobs::v1::Job>* jobs) override;
    void remove(BrokerTicket t) override;
    void release(BrokerTicket t) override;
    void replace(BrokerTicket t, ::jobs::v1::Job job, std::chrono::seconds delay) override;
    Counts counts() const override { return counts_; }
    boost::asio::awaitable<void> refresh() override;

    struct Connection; // a librabbitmq connection and the thread that owns it

private:
    void consume_loop(); // the consumer's thread
    void answer(uint64_t tag, uint64_t epoch, bool ack);
    std::string publish(const std::string& body, int64_t delay_ms); // publisher's thread
    void arrived(std::string body, uint64_t tag, uint64_t epoch);   // event loop

    boost::asio::any_io_executor ex_;
    std::string pipeline_;
    std::string address_;
    config::JobsPipelineConfig config_;
    boost::asio::thread_pool publisher_{1};
    std::unique_ptr<Connection> publisher_conn_; // publisher's thread only
    std::thread consumer_;
    int wake_fd_ = -1; // eventfd: answers are waiting, or stop

    std::mutex mu_;
    std::condition_variable answered_;
    struct Answer {
        uint64_t tag;
        uint64_t epoch;
        bool ack; // else reject with requeue
    };
    std::deque<Answer> answers_;
    bool stopping_ = false;

    // Event loop only.
    Hooks hooks_;
    bool stopped_ = false;
    Counts counts_;
};

} // namespace rr::jobs
