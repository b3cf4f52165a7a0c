// What a pipeline whose jobs live in a message broker (beanstalk, nats) asks of it. The broker
// holds the queue; the pipeline holds only the few jobs it fetched for the consumers (at most
// prefetch), each with its ticket, and hands the consumers' answers back through it.
#pragma once

#include "jobs.pb.h"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rr::jobs {

// A fetched job's handle in the broker.
struct BrokerTicket {
    uint64_t id = 0;
    uint64_t epoch = 0; // the connection it came on: an answer on a later one is dropped
};

class Broker : public std::enable_shared_from_this<Broker> {
public:
    struct Hooks {
        std::function<std::size_t()> room; // how many more jobs the pipeline takes now (0: paused or full)
        std::function<void(::jobs::v1::Job, BrokerTicket)> deliver; // a job fetched
    };
    struct Counts {
        int64_t ready = 0;
        int64_t delayed = 0;
        int64_t reserved = 0;
    };

    virtual ~Broker() = default;

    virtual void start(Hooks hooks) = 0; // fetching, while hooks.room() > 0
    virtual void stop() = 0;             // no more fetching or answers; what was fetched goes back
    virtual void kick() = 0;             // room() may have changed
    // Fetches no more and returns once the answers given so far are sent (bounded).
    virtual boost::asio::awaitable<void> drain() = 0;

    // Puts `jobs` into the broker; "" once it has them all, or the error.
    virtual boost::asio::awaitable<std::string> put(const std::vector<::jobs::v1::Job>* jobs) = 0;
    virtual void remove(BrokerTicket t) = 0;  // ack
    virtual void release(BrokerTicket t) = 0; // delivered again
    // Requeue: `job` (with new headers) put again after `delay`, then the old one removed.
    virtual void replace(BrokerTicket t, ::jobs::v1::Job job, std::chrono::seconds delay) = 0;

    // The broker's counts as last asked; refresh() asks again.
    virtual Counts counts() const = 0;
    virtual boost::asio::awaitable<void> refresh() = 0;
};

} // namespace rr::jobs
