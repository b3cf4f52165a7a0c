#include "server/jobs/jobs.hpp"

#include "goridge-compat/frame.hpp"
#include "server/core/log.hpp"
#include "server/jobs/amqp_queue.hpp"
#include "server/jobs/beanstalk_queue.hpp"
#include "server/jobs/consumer_protocol.hpp"
#include "server/jobs/nats_queue.hpp"
#include "server/kv/storage.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace asio = boost::asio;

namespace rr::jobs {

namespace {

spdlog::logger& logger() {
    return log::channel("jobs");
}

// The consumer's answer: the last frame's body (after its context).
class ReplySink final : public pool::ResponseSink {
public:
    asio::awaitable<bool> on_frame(goridge::Frame& frame) override {
        const size_t ctx =
            frame.options.empty() ? 0 : std::min<size_t>(frame.options[0], frame.payload.size());
        body = frame.payload.substr(ctx);
        co_return true;
    }
    std::string body;
};

std::string job_head(const std::string& context, size_t body_size) {
    const uint32_t opt = static_cast<uint32_t>(context.size());
    uint8_t hdr[goridge::kMaxHeaderSize];
    const std::size_t hl =
        goridge::encode_header(hdr, goridge::flag::kCodecJson, 0, std::span<const uint32_t>(&opt, 1),
                               static_cast<uint32_t>(context.size() + body_size));
    std::string head(reinterpret_cast<const char*>(hdr), hl);
    head += context;
    return head;
}

} // namespace

Jobs::Jobs(asio::io_context& io, const config::JobsConfig& config, pool::Pool& pool)
    : io_(io), config_(config), pool_(pool), bell_(io, asio::steady_timer::time_point::max()) {}

std::string Jobs::add_pipeline(const std::string& name, const config::JobsPipelineConfig& c) {
    if (pipelines_.contains(name)) {
        return fmt::format("pipeline already exists: {}", name);
    }
    try {
        pipelines_[name] = std::make_unique<Pipeline>(name, c, config_.pipeline_size);
    } catch (const std::exception& e) {
        return fmt::format("pipeline {}: {}", name, e.what());
    }
    if (c.driver == "beanstalk" || c.driver == "nats" || c.driver == "amqp") {
        Pipeline* p = pipelines_[name].get();
        if (c.driver == "beanstalk") {
            p->attach(std::make_shared<BeanstalkQueue>(io_.get_executor(), config_, name, c));
        } else if (c.driver == "nats") {
            p->attach(std::make_shared<NatsQueue>(io_.get_executor(), config_, name, c));
        } else {
            p->attach(std::make_shared<AmqpQueue>(io_.get_executor(), config_, name, c));
        }
        if (started_) {
            start_broker(*p);
        }
    }
    return {};
}

void Jobs::start_broker(Pipeline& p) {
    p.broker()->start(Broker::Hooks{
        [&p] { return p.room(); },
        [this, &p](::jobs::v1::Job job, BrokerTicket ticket) {
            p.deliver(std::move(job), ticket);
            ring();
        },
    });
}

void Jobs::open() {
    for (const auto& [name, c] : config_.pipelines) {
        const std::string error = add_pipeline(name, c);
        if (!error.empty()) {
            throw std::runtime_error(error);
        }
    }
}

void Jobs::start() {
    for (const auto& name : config_.consume) {
        pipelines_.at(name)->consuming = true;
    }
    idle_ = std::make_unique<Event>(io_.get_executor());
    started_ = true;
    for (auto& [name, p] : pipelines_) {
        if (p->broker() != nullptr) {
            start_broker(*p);
        }
    }
    const unsigned n = std::max(1u, pool_.config().num_workers);
    for (unsigned i = 0; i < n; ++i) {
        ++pollers_;
        asio::co_spawn(io_, poller(), asio::detached);
    }
}

asio::awaitable<void> Jobs::stop() {
    stopping_ = true;
    ring();
    if (running_ > 0 && idle_) {
        co_await idle_->wait();
    }
    // The answers given are sent with the next reserve loop turn; the rest go back to beanstalkd
    // when its connection closes.
    for (auto& [name, p] : pipelines_) {
        if (p->broker() != nullptr) {
            co_await p->broker()->drain();
            p->broker()->stop();
        }
    }
}

void Jobs::ring() {
    bell_.cancel();
}

std::optional<std::pair<Pipeline*, ::jobs::v1::Job>> Jobs::next() {
    // The consuming pipelines by priority (lower value first); the first with a job ready gives it.
    std::vector<Pipeline*> order;
    for (auto& [name, p] : pipelines_) {
        if (p->consuming) {
            order.push_back(p.get());
        }
    }
    std::stable_sort(order.begin(), order.end(), [](const Pipeline* a, const Pipeline* b) {
        return a->config().priority < b->config().priority;
    });
    for (Pipeline* p : order) {
        if (auto job = p->take()) {
            return std::make_pair(p, std::move(*job));
        }
    }
    return std::nullopt;
}

asio::awaitable<void> Jobs::poller() {
    while (!stopping_) {
        auto taken = next();
        if (!taken) {
            // Nothing to do: the acks durable pipelines group are written now.
            for (const auto& [name, p] : pipelines_) {
                try {
                    p->flush();
                } catch (const kv::Error& e) {
                    logger().error(
                        "jobs: {}: cannot write its acks ({}); they are written with its next write", name,
                        e.what());
                }
            }
            // Sleep until a push, a resume or an answer rings, or the next delayed job is due.
            std::optional<Clock::time_point> due;
            for (const auto& [name, p] : pipelines_) {
                const auto t = p->consuming ? p->next_ready() : std::nullopt;
                if (t && (!due || *t < *due)) {
                    due = t;
                }
            }
            const auto wake =
                due ? asio::steady_timer::clock_type::now() +
                          std::chrono::duration_cast<asio::steady_timer::duration>(*due - Clock::now()) +
                          std::chrono::milliseconds(1)
                    : asio::steady_timer::time_point::max();
            if (wake < bell_.expiry()) {
                bell_.expires_at(wake); // wakes the other pollers too; they settle on the same time
            }
            co_await bell_.async_wait(asio::as_tuple(asio::use_awaitable));
            if (bell_.expiry() <= asio::steady_timer::clock_type::now()) {
                bell_.expires_at(asio::steady_timer::time_point::max());
            }
            continue;
        }
        const std::string pipeline = taken->first->name();
        const ::jobs::v1::Job job = std::move(taken->second);
        ++running_;
        ++counters_[pipeline].taken;
        co_await run(&pipeline, &job);
        --running_;
        if (stopping_ && running_ == 0 && idle_) {
            idle_->notify();
        }
    }
}

asio::awaitable<void> Jobs::run(const std::string* pipeline, const ::jobs::v1::Job* job) {
    const auto found = pipelines_.find(*pipeline);
    const std::string driver = found != pipelines_.end() ? found->second->config().driver : "memory";
    const std::string context = consumer_context(*job, *pipeline, driver);
    pool::Job pj;
    pj.head = job_head(context, job->payload().size());
    pj.body = job->payload();
    ReplySink sink;
    pool::Pool::Outcome outcome = pool::Pool::Outcome::done;
    logger().debug("jobs: {} job {} ({}) to a consumer", *pipeline, job->id(), job->job());
    const pool::ExecResult res = co_await pool_.exec(pj, sink, outcome);
    logger().debug("jobs: {} job {} answered", *pipeline, job->id());
    answer(*pipeline, *job, res, outcome, sink.body);
}

void Jobs::answer(const std::string& pipeline, const ::jobs::v1::Job& job, const pool::ExecResult& res,
                  pool::Pool::Outcome outcome, const std::string& reply) {
    const auto found = pipelines_.find(pipeline);
    if (found == pipelines_.end()) {
        return; // destroyed while the job ran
    }
    Pipeline& p = *found->second;
    if (outcome == pool::Pool::Outcome::no_workers || outcome == pool::Pool::Outcome::queue_full) {
        p.requeue(job.id(), std::chrono::seconds(0), nullptr); // never reached a worker
        ring();
        return;
    }
    if (outcome == pool::Pool::Outcome::exec_ttl || res.error != pool::ExecError::none) {
        const std::string why =
            outcome == pool::Pool::Outcome::exec_ttl ? "its worker ran out of exec_ttl" : res.message;
        ++counters_[pipeline].err;
        if (p.durable()) {
            logger().warn("jobs: {} job {} ({}): {}; it goes back to the queue", pipeline, job.id(),
                          job.job(), why);
        } else {
            logger().error("jobs: {} job {} ({}): {}; dropped (a memory pipeline does not redeliver)",
                           pipeline, job.id(), job.job(), why);
        }
        p.redeliver(job.id());
        ring();
        return;
    }
    const ConsumerReply r = parse_consumer_reply(reply);
    if (!r.problem.empty()) {
        logger().warn("jobs: {} job {} ({}): the consumer sent {}; acked", pipeline, job.id(), job.job(),
                      r.problem);
    }
    switch (r.action) {
    case ConsumerReply::Action::ack:
        p.ack(job.id());
        ++done_;
        ++counters_[pipeline].ok;
        break;
    case ConsumerReply::Action::drop:
        if (!r.message.empty()) {
            logger().warn("jobs: {} job {} ({}) failed: {}", pipeline, job.id(), job.job(), r.message);
        }
        p.ack(job.id());
        ++done_;
        ++counters_[pipeline].err;
        break;
    case ConsumerReply::Action::requeue:
        p.requeue(job.id(), r.delay, r.headers ? &*r.headers : nullptr);
        ring();
        break;
    }
}

asio::awaitable<std::string> Jobs::push(std::unique_ptr<std::vector<::jobs::v1::Job>> jobs) {
    // By pipeline, in order; nothing is pushed unless every job names a pipeline and has an id.
    auto by_pipeline = std::make_unique<std::map<std::string, std::vector<::jobs::v1::Job>>>();
    for (auto& j : *jobs) {
        const std::string& name = j.options().pipeline();
        if (j.id().empty()) {
            counters_[pipelines_.contains(name) ? name : ""].push_err += jobs->size();
            co_return std::string("empty ID field not allowed");
        }
        if (!pipelines_.contains(name)) {
            counters_[""].push_err += jobs->size();
            co_return fmt::format("no such pipeline, requested: {}", name);
        }
        (*by_pipeline)[name].push_back(std::move(j));
    }
    for (auto& [name, list] : *by_pipeline) {
        const std::size_t n = list.size();
        const auto started = std::chrono::steady_clock::now();
        std::vector<std::string> names; // the jobs' names, for on_pushed (the list may be moved away)
        if (on_pushed) {
            for (const auto& j : list) {
                names.push_back(j.job());
            }
        }
        std::string error;
        const auto it = pipelines_.find(name);
        if (it == pipelines_.end()) {
            error = fmt::format("no such pipeline, requested: {}", name); // destroyed meanwhile
        } else if (Broker* broker = it->second->broker()) {
            std::shared_ptr<Broker> keep = broker->shared_from_this(); // through the wait
            for (auto& j : list) {
                if (j.options().priority() == 0) {
                    j.mutable_options()->set_priority(it->second->config().priority);
                }
            }
            error = co_await keep->put(&list);
        } else {
            error = it->second->push(std::move(list));
        }
        Counters& c = counters_[name];
        (error.empty() ? c.push_ok : c.push_err) += n;
        const auto p = pipelines_.find(name);
        if (error.empty() && on_pushed && p != pipelines_.end()) {
            const double secs =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            for (const auto& job : names) {
                on_pushed(p->second->config().driver, job, secs);
            }
        }
        if (!error.empty()) {
            co_return error;
        }
    }
    ring();
    co_return std::string();
}

asio::awaitable<void> Jobs::refresh_counts() {
    std::vector<std::shared_ptr<Broker>> brokers;
    for (const auto& [name, p] : pipelines_) {
        if (p->broker() != nullptr) {
            brokers.push_back(p->broker()->shared_from_this());
        }
    }
    for (const auto& b : brokers) {
        co_await b->refresh();
    }
}

std::string Jobs::pause(const std::vector<std::string>& names) {
    for (const auto& n : names) {
        const auto it = pipelines_.find(n);
        if (it == pipelines_.end()) {
            return fmt::format("no such pipeline: {}", n);
        }
        it->second->consuming = false;
        if (it->second->broker() != nullptr) {
            it->second->broker()->kick();
        }
        logger().info("jobs: pipeline {} paused", n);
    }
    return {};
}

std::string Jobs::resume(const std::vector<std::string>& names) {
    for (const auto& n : names) {
        const auto it = pipelines_.find(n);
        if (it == pipelines_.end()) {
            return fmt::format("no such pipeline: {}", n);
        }
        it->second->consuming = true;
        if (it->second->broker() != nullptr) {
            it->second->broker()->kick();
        }
        logger().info("jobs: pipeline {} consuming", n);
    }
    ring();
    return {};
}

std::vector<std::string> Jobs::list() const {
    std::vector<std::string> out;
    for (const auto& [name, p] : pipelines_) {
        out.push_back(name);
    }
    return out;
}

std::string Jobs::declare(const std::map<std::string, std::string>& o) {
    const auto get = [&](const char* k) {
        const auto it = o.find(k);
        return it == o.end() ? std::string() : it->second;
    };
    const std::string name = get("name");
    config::JobsPipelineConfig c;
    c.driver = get("driver");
    if (name.empty()) {
        return "a pipeline needs a name";
    }
    if (c.driver != "memory" && c.driver != "boltdb" && c.driver != "beanstalk" && c.driver != "nats" &&
        c.driver != "amqp") {
        return fmt::format(
            "pipeline {}: driver '{}' is not supported by rr-php: memory, boltdb, beanstalk, nats or amqp",
            name, c.driver);
    }
    const auto number = [&](const char* k, auto& out, int base) {
        const std::string v = get(k);
        if (v.empty()) {
            return true;
        }
        const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out, base);
        return ec == std::errc() && ptr == v.data() + v.size();
    };
    c.permissions = 0755;
    if (!number("priority", c.priority, 10) || !number("prefetch", c.prefetch, 10)) {
        return fmt::format("pipeline {}: priority and prefetch must be whole numbers", name);
    }
    if (!number("permissions", c.permissions, 8)) {
        c.permissions = 0755; // RR falls back the same way (the PHP client sends decimal)
    }
    if (!get("file").empty()) {
        c.file = get("file");
    }
    if (!get("tube").empty()) {
        c.tube = get("tube");
    }
    if (!get("subject").empty()) {
        c.subject = get("subject");
    }
    if (!get("stream").empty()) {
        c.stream = get("stream");
    }
    c.deliver_new = get("deliver_new") == "true";
    for (auto [key, field] :
         {std::pair{"queue", &c.queue}, std::pair{"exchange", &c.exchange},
          std::pair{"exchange_type", &c.exchange_type}, std::pair{"routing_key", &c.routing_key}}) {
        if (!get(key).empty()) {
            *field = get(key);
        }
    }
    c.durable = get("durable") == "true";
    c.exchange_durable = get("exchange_durable") == "true";
    if (!number("tube_priority", c.tube_priority, 10)) {
        return fmt::format("pipeline {}: tube_priority must be a whole number", name);
    }
    if (!get("reserve_timeout").empty()) {
        const auto d = parse_duration(get("reserve_timeout"));
        if (!d) {
            return fmt::format("pipeline {}: reserve_timeout must be a duration such as 5s", name);
        }
        c.reserve_timeout = *d;
    }
    std::string error = add_pipeline(name, c);
    if (error.empty() &&
        std::find(config_.consume.begin(), config_.consume.end(), name) != config_.consume.end()) {
        Pipeline& p = *pipelines_.at(name);
        p.consuming = true; // as RR: only the `consume` list starts on its own
        if (p.broker() != nullptr) {
            p.broker()->kick();
        }
        ring();
    }
    return error;
}

std::string Jobs::destroy(const std::vector<std::string>& names, std::vector<std::string>& destroyed) {
    for (const auto& n : names) {
        const auto it = pipelines_.find(n);
        if (it == pipelines_.end()) {
            return fmt::format("no such pipeline: {}", n);
        }
        try {
            it->second->destroy();
        } catch (const std::exception& e) {
            return fmt::format("pipeline {}: {}", n, e.what());
        }
        pipelines_.erase(it);
        destroyed.push_back(n);
    }
    return {};
}

::jobs::v1::Stats Jobs::stats() const {
    ::jobs::v1::Stats out;
    for (const auto& [name, p] : pipelines_) {
        auto* s = out.add_stats();
        s->set_pipeline(name);
        s->set_driver(p->config().driver);
        s->set_queue(name);
        s->set_active(p->active());
        s->set_delayed(p->delayed());
        s->set_reserved(p->reserved());
        s->set_ready(p->consuming);
        s->set_priority(static_cast<uint64_t>(p->config().priority));
    }
    return out;
}

} // namespace rr::jobs
