// A beanstalk pipeline's side in beanstalkd: puts its jobs into the pipeline's tube, reserves them
// for the consumers (only while the pipeline consumes and has room), and gives the consumers'
// answers back: delete (ack), release (a consumer died: delivered again), put + delete (requeue
// with new headers or a delay). Jobs are reserved on one connection, which alone may answer for
// them; its answers wait while it waits in a reserve (at most config.reserve_timeout). If that
// connection breaks, beanstalkd gives its reserved jobs back to the tube and they are delivered
// again (at least once); answers for them are dropped. Pushes and stats go on a second connection.
#pragma once

#include "jobs.pb.h"
#include "server/config/config.hpp"
#include "server/core/event.hpp"
#include "server/jobs/beanstalk_connection.hpp"
#include "server/jobs/broker.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rr::jobs {

class BeanstalkQueue final : public Broker {
public:
    BeanstalkQueue(boost::asio::any_io_executor ex, const config::JobsConfig& jobs, std::string pipeline,
                   const config::JobsPipelineConfig& config);

    void start(Hooks hooks) override; // the reserve loop
    void stop() override;             // ends it and closes the connections
    void kick() override;             // the pipeline's room or consuming changed
    // Reserves no more and returns once the answers given so far are sent (at most
    // reserve_timeout + 2 s: a reserve in progress ends first).
    boost::asio::awaitable<void> drain() override;

    // Puts `jobs` (in order); "" or the error (beanstalkd down, a job too big...).
    boost::asio::awaitable<std::string> put(const std::vector<::jobs::v1::Job>* jobs) override;
    void remove(BrokerTicket t) override;  // ack
    void release(BrokerTicket t) override; // delivered again
    // Requeue: `job` (new headers) put again after `delay`, then the old one deleted.
    void replace(BrokerTicket t, ::jobs::v1::Job job, std::chrono::seconds delay) override;

    // The tube's counts as last asked (refresh() asks again).
    Counts counts() const override { return counts_; }
    boost::asio::awaitable<void> refresh() override;

    // The body of a job in the tube, and back; a body not written by rr-php is a raw payload.
    static std::string encode(const ::jobs::v1::Job& job);
    static ::jobs::v1::Job decode(const std::string& body, uint64_t id, const std::string& pipeline);

private:
    static boost::asio::awaitable<void> run(std::shared_ptr<BeanstalkQueue> self);
    static boost::asio::awaitable<void> put_again(std::shared_ptr<BeanstalkQueue> self, std::string body,
                                                  std::chrono::seconds delay, BrokerTicket old);
    boost::asio::awaitable<void> pause(std::chrono::milliseconds d);

    boost::asio::any_io_executor ex_;
    std::string pipeline_;
    std::string tube_;
    uint64_t priority_;
    Duration reserve_timeout_;
    BeanstalkConnection reserver_;
    BeanstalkConnection producer_;
    boost::asio::steady_timer bell_;
    Hooks hooks_;
    bool stopped_ = false;
    bool draining_ = false;
    std::unique_ptr<Event> drained_;
    std::deque<std::pair<std::string, uint64_t>> answers_; // command, epoch of the job's reserve
    Counts counts_;
    std::string last_error_; // logged once until it changes
};

} // namespace rr::jobs
