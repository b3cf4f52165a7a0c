#include "server/jobs/beanstalk_queue.hpp"

#include "server/core/log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include <algorithm>

namespace asio = boost::asio;

namespace rr::jobs {
namespace {

spdlog::logger& logger() {
    return log::channel("jobs");
}

// What marks a body rr-php wrote: the job (jobs.v1.Job) follows.
constexpr std::string_view kMagic = "\x01rr-php jobs.v1\x01";
// How long beanstalkd lets a consumer hold a job before giving it to another: a day. A job is
// given back at once anyway when rr-php's connection closes (a crash, a stop).
constexpr int kTimeToRun = 86400;

int64_t stat_value(const std::string& yaml, std::string_view key) {
    const std::string needle = std::string(key) + ": ";
    const auto at = yaml.find(needle);
    if (at == std::string::npos) {
        return 0;
    }
    return std::strtoll(yaml.c_str() + at + needle.size(), nullptr, 10);
}

} // namespace

BeanstalkQueue::BeanstalkQueue(asio::any_io_executor ex, const config::JobsConfig& jobs, std::string pipeline,
                               const config::JobsPipelineConfig& config)
    : ex_(ex), pipeline_(std::move(pipeline)), tube_(config.tube), priority_(config.tube_priority),
      reserve_timeout_(config.reserve_timeout), reserver_(ex, jobs.beanstalk_addr, jobs.beanstalk_timeout),
      producer_(ex, jobs.beanstalk_addr, jobs.beanstalk_timeout),
      bell_(ex, asio::steady_timer::time_point::max()) {
    producer_.set_setup({"use " + tube_});
    std::vector<std::string> watch{"watch " + tube_};
    if (tube_ != "default") {
        watch.push_back("ignore default");
    }
    reserver_.set_setup(std::move(watch));
}

std::string BeanstalkQueue::encode(const ::jobs::v1::Job& job) {
    return std::string(kMagic) + job.SerializeAsString();
}

::jobs::v1::Job BeanstalkQueue::decode(const std::string& body, uint64_t id, const std::string& pipeline) {
    ::jobs::v1::Job job;
    if (body.starts_with(kMagic) &&
        job.ParseFromArray(body.data() + kMagic.size(), static_cast<int>(body.size() - kMagic.size()))) {
        return job;
    }
    // Put there by another program: its body is the payload.
    job.set_job("beanstalk");
    job.set_id(fmt::format("beanstalk-{}", id));
    job.set_payload(body);
    job.mutable_options()->set_pipeline(pipeline);
    return job;
}

void BeanstalkQueue::start(Hooks hooks) {
    hooks_ = std::move(hooks);
    asio::co_spawn(ex_, run(std::static_pointer_cast<BeanstalkQueue>(shared_from_this())), asio::detached);
}

void BeanstalkQueue::stop() {
    stopped_ = true;
    hooks_ = {};
    bell_.cancel();
    reserver_.close(); // ends a reserve in progress; beanstalkd takes back what is reserved
    producer_.close();
}

void BeanstalkQueue::kick() {
    bell_.cancel();
}

asio::awaitable<void> BeanstalkQueue::drain() {
    draining_ = true;
    if (stopped_ || answers_.empty()) {
        co_return;
    }
    drained_ = std::make_unique<Event>(ex_);
    kick();
    co_await drained_->wait(asio::steady_timer::clock_type::now() + reserve_timeout_ +
                            std::chrono::seconds(2));
}

asio::awaitable<void> BeanstalkQueue::pause(std::chrono::milliseconds d) {
    bell_.expires_after(d);
    co_await bell_.async_wait(asio::as_tuple(asio::use_awaitable));
    bell_.expires_at(asio::steady_timer::time_point::max());
}

asio::awaitable<void> BeanstalkQueue::run(std::shared_ptr<BeanstalkQueue> self) {
    BeanstalkQueue& q = *self;
    std::chrono::milliseconds backoff(100);
    while (!q.stopped_) {
        // The consumers' answers first: only this connection may give them.
        while (!q.answers_.empty() && !q.stopped_) {
            auto [command, epoch] = std::move(q.answers_.front());
            q.answers_.pop_front();
            if (epoch != q.reserver_.epoch()) {
                continue; // reserved on a connection that broke: beanstalkd took the job back
            }
            try {
                co_await q.reserver_.call(command);
            } catch (const BrokerError& e) {
                // The connection broke: beanstalkd gives the jobs it had reserved back to the tube.
                if (!q.stopped_ && q.last_error_ != e.what()) {
                    q.last_error_ = e.what();
                    logger().warn("jobs: pipeline {}: {}; its reserved jobs go back to the tube", q.pipeline_,
                                  e.what());
                }
            }
        }
        if (q.stopped_) {
            break;
        }
        if (q.draining_ && q.drained_) {
            q.drained_->notify();
        }
        if (q.draining_ || !q.hooks_.room || q.hooks_.room() == 0) {
            co_await q.pause(std::chrono::hours(24)); // until kick()
            continue;
        }
        BeanstalkConnection::Reply r;
        bool failed = false;
        try {
            const auto secs = std::max<int64_t>(
                0, std::chrono::duration_cast<std::chrono::seconds>(q.reserve_timeout_).count());
            const std::string reserve = fmt::format("reserve-with-timeout {}", secs);
            static const std::string none;
            r = co_await q.reserver_.call(reserve, none, q.reserve_timeout_);
            backoff = std::chrono::milliseconds(100);
            q.last_error_.clear();
        } catch (const BrokerError& e) {
            failed = true;
            if (!q.stopped_ && q.last_error_ != e.what()) {
                q.last_error_ = e.what();
                logger().error("jobs: pipeline {}: {}; trying again", q.pipeline_, e.what());
            }
        }
        if (failed && !q.stopped_) {
            co_await q.pause(backoff);
            backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
            continue;
        }
        if (q.stopped_) {
            break;
        }
        if (r.line.starts_with("RESERVED ")) {
            const uint64_t id = std::strtoull(r.line.c_str() + 9, nullptr, 10);
            q.hooks_.deliver(decode(r.body, id, q.pipeline_), BrokerTicket{id, q.reserver_.epoch()});
        } else if (r.line != "TIMED_OUT" && r.line != "DEADLINE_SOON") {
            logger().warn("jobs: pipeline {}: beanstalkd answered a reserve with '{}'", q.pipeline_, r.line);
            co_await q.pause(backoff);
        }
    }
}

asio::awaitable<std::string> BeanstalkQueue::put(const std::vector<::jobs::v1::Job>* jobs) {
    for (const auto& job : *jobs) {
        const std::string body = encode(job);
        const int64_t delay = std::max<int64_t>(0, job.options().delay());
        try {
            const std::string command =
                fmt::format("put {} {} {} {}", priority_, delay, kTimeToRun, body.size());
            const auto r = co_await producer_.call(command, body, Duration(0));
            if (!r.line.starts_with("INSERTED ")) {
                co_return fmt::format("beanstalk {}: put into tube {} answered '{}'", producer_.address(),
                                      tube_, r.line);
            }
        } catch (const BrokerError& e) {
            co_return e.what();
        }
    }
    co_return std::string();
}

void BeanstalkQueue::remove(BrokerTicket t) {
    answers_.emplace_back(fmt::format("delete {}", t.id), t.epoch);
    kick();
}

void BeanstalkQueue::release(BrokerTicket t) {
    answers_.emplace_back(fmt::format("release {} {} 0", t.id, priority_), t.epoch);
    kick();
}

void BeanstalkQueue::replace(BrokerTicket t, ::jobs::v1::Job job, std::chrono::seconds delay) {
    asio::co_spawn(
        ex_, put_again(std::static_pointer_cast<BeanstalkQueue>(shared_from_this()), encode(job), delay, t),
        asio::detached);
}

asio::awaitable<void> BeanstalkQueue::put_again(std::shared_ptr<BeanstalkQueue> self, std::string body,
                                                std::chrono::seconds delay, BrokerTicket old) {
    // Put first, then delete: a crash between the two delivers the job twice, never zero times.
    bool put = false;
    try {
        const std::string command =
            fmt::format("put {} {} {} {}", self->priority_, delay.count(), kTimeToRun, body.size());
        const auto r = co_await self->producer_.call(command, body, Duration(0));
        put = r.line.starts_with("INSERTED ");
        if (!put) {
            logger().error(
                "jobs: pipeline {}: cannot requeue a job (beanstalkd answered '{}'); it is delivered "
                "again as it was",
                self->pipeline_, r.line);
        }
    } catch (const BrokerError& e) {
        logger().error("jobs: pipeline {}: cannot requeue a job ({}); it is delivered again as it was",
                       self->pipeline_, e.what());
    }
    if (put) {
        self->remove(old);
    } else {
        self->release(old);
    }
}

asio::awaitable<void> BeanstalkQueue::refresh() {
    try {
        const std::string command = "stats-tube " + tube_;
        const auto r = co_await producer_.call(command);
        if (r.line.starts_with("OK ")) {
            counts_ =
                Counts{stat_value(r.body, "current-jobs-ready"), stat_value(r.body, "current-jobs-delayed"),
                       stat_value(r.body, "current-jobs-reserved")};
        } else if (r.line == "NOT_FOUND") {
            counts_ = Counts{}; // the tube has never had a job, or has none and nobody watches it
        }
    } catch (const BrokerError&) {
        // the counts stay as they were; the error shows at the next push
    }
}

} // namespace rr::jobs
