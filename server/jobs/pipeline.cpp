#include "server/jobs/pipeline.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rr::jobs {

namespace {

int64_t to_ms(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

} // namespace

Pipeline::Pipeline(std::string name, config::JobsPipelineConfig config, uint64_t max_queued)
    : name_(std::move(name)), config_(std::move(config)), max_queued_(max_queued) {
    if (config_.driver != "boltdb") {
        return;
    }
    store_ = std::make_unique<JobStore>(config_.file, config_.permissions, name_);
    std::vector<::jobs::v1::StoredJob> kept = store_->load();
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.seq() < b.seq(); });
    for (auto& k : kept) {
        Entry e;
        e.priority = k.job().options().priority();
        e.seq = k.seq();
        e.ready_at = Clock::time_point(std::chrono::milliseconds(k.ready_at_ms()));
        e.job = std::move(*k.mutable_job());
        next_seq_ = std::max(next_seq_, e.seq + 1);
        enqueue(std::move(e)); // what was in flight when the server died is delivered again
    }
}

void Pipeline::enqueue(Entry e) {
    const uint64_t seq = e.seq;
    const auto when = e.ready_at;
    const auto priority = e.priority;
    const std::string id = e.job.id();
    by_seq_[seq] = id;
    jobs_[id] = std::move(e);
    if (when > Clock::now()) {
        delayed_.emplace(when, seq);
    } else {
        ready_.emplace(priority, seq);
    }
}

void Pipeline::store(const std::vector<const Entry*>& entries) {
    if (!store_) {
        return;
    }
    std::vector<::jobs::v1::StoredJob> records(entries.size());
    std::vector<const ::jobs::v1::StoredJob*> ptrs;
    for (size_t i = 0; i < entries.size(); ++i) {
        *records[i].mutable_job() = entries[i]->job;
        records[i].set_ready_at_ms(to_ms(entries[i]->ready_at));
        records[i].set_seq(entries[i]->seq);
        ptrs.push_back(&records[i]);
    }
    store_->put(ptrs);
}

std::string Pipeline::push(std::vector<::jobs::v1::Job> jobs) {
    if (config_.driver == "memory" && jobs_.size() + jobs.size() > max_queued_) {
        return fmt::format("pipeline {} is full: {} jobs wait (jobs.pipeline_size)", name_, jobs_.size());
    }
    std::vector<Entry> entries;
    const auto now = Clock::now();
    for (auto& j : jobs) {
        if (jobs_.contains(j.id())) {
            return fmt::format("a job with id {} is already in pipeline {}", j.id(), name_);
        }
        Entry e;
        if (j.options().priority() == 0) {
            j.mutable_options()->set_priority(config_.priority);
        }
        e.priority = j.options().priority();
        e.ready_at = now + std::chrono::seconds(std::max<int64_t>(0, j.options().delay()));
        e.seq = next_seq_++;
        e.job = std::move(j);
        entries.push_back(std::move(e));
    }
    std::vector<const Entry*> ptrs;
    for (const auto& e : entries) {
        ptrs.push_back(&e);
    }
    store(ptrs); // durable first: a push is acknowledged only once it is on disk
    for (auto& e : entries) {
        enqueue(std::move(e));
    }
    return {};
}

void Pipeline::promote(Clock::time_point now) {
    while (!delayed_.empty() && delayed_.begin()->first <= now) {
        const uint64_t seq = delayed_.begin()->second;
        delayed_.erase(delayed_.begin());
        const auto it = by_seq_.find(seq);
        if (it != by_seq_.end()) {
            ready_.emplace(jobs_.at(it->second).priority, seq);
        }
    }
}

std::optional<::jobs::v1::Job> Pipeline::take() {
    promote(Clock::now());
    if (ready_.empty() || (config_.prefetch != 0 && in_flight_.size() >= config_.prefetch)) {
        return std::nullopt;
    }
    const uint64_t seq = ready_.begin()->second;
    ready_.erase(ready_.begin());
    const std::string id = by_seq_.at(seq);
    by_seq_.erase(seq);
    const Entry& e = jobs_.at(id);
    if (e.job.options().auto_ack()) {
        ::jobs::v1::Job job = e.job;
        ack(id); // acked on delivery: never delivered again
        return job;
    }
    in_flight_.insert(id);
    return e.job;
}

std::optional<Clock::time_point> Pipeline::next_ready() const {
    if (delayed_.empty()) {
        return std::nullopt;
    }
    return delayed_.begin()->first;
}

void Pipeline::ack(const std::string& id) {
    in_flight_.erase(id);
    const auto it = jobs_.find(id);
    if (it == jobs_.end()) {
        return;
    }
    if (broker_) {
        broker_->remove(it->second.ticket);
    }
    jobs_.erase(it);
    if (store_) {
        store_->remove(id);
    }
    if (broker_) {
        broker_->kick(); // room for one more
    }
}

void Pipeline::deliver(::jobs::v1::Job job, BrokerTicket ticket) {
    const auto it = jobs_.find(job.id());
    if (it != jobs_.end()) {
        // Given back by beanstalkd (its connection broke) while its first delivery still runs:
        // that one's answer goes to the new ticket.
        it->second.ticket = ticket;
        return;
    }
    Entry e;
    if (job.options().priority() == 0) {
        job.mutable_options()->set_priority(config_.priority);
    }
    e.priority = job.options().priority();
    e.seq = next_seq_++;
    e.ready_at = Clock::now(); // beanstalkd kept it for its delay
    e.ticket = ticket;
    e.job = std::move(job);
    enqueue(std::move(e));
}

std::size_t Pipeline::room() const {
    const uint64_t limit = config_.prefetch != 0 ? config_.prefetch : 10;
    const uint64_t held = ready_.size() + in_flight_.size();
    return consuming && held < limit ? static_cast<std::size_t>(limit - held) : 0;
}

void Pipeline::redeliver(const std::string& id) {
    if (broker_) {
        const auto it = jobs_.find(id);
        if (it != jobs_.end()) {
            broker_->release(it->second.ticket);
            by_seq_.erase(it->second.seq);
            jobs_.erase(it);
        }
        in_flight_.erase(id);
        broker_->kick();
    } else if (store_) {
        requeue(id, std::chrono::seconds(0), nullptr);
    } else {
        ack(id);
    }
}

int64_t Pipeline::active() const {
    if (broker_) {
        return broker_->counts().ready + static_cast<int64_t>(ready_.size() + in_flight_.size());
    }
    return static_cast<int64_t>(ready_.size() + in_flight_.size());
}

int64_t Pipeline::delayed() const {
    return broker_ ? broker_->counts().delayed : static_cast<int64_t>(delayed_.size());
}

int64_t Pipeline::reserved() const {
    return static_cast<int64_t>(in_flight_.size());
}

void Pipeline::requeue(const std::string& id, std::chrono::seconds delay, const Headers* headers) {
    const auto it = jobs_.find(id);
    if (it == jobs_.end()) {
        return;
    }
    in_flight_.erase(id);
    Entry e = std::move(it->second);
    jobs_.erase(it);
    if (headers != nullptr) {
        e.job.clear_headers();
        for (const auto& [name, values] : *headers) {
            auto& hv = (*e.job.mutable_headers())[name];
            for (const auto& v : values) {
                hv.add_value(v);
            }
        }
    }
    if (broker_) { // beanstalkd keeps it from now on
        by_seq_.erase(e.seq);
        broker_->replace(e.ticket, std::move(e.job), delay);
        broker_->kick();
        return;
    }
    e.seq = next_seq_++; // to the back of its priority
    e.ready_at = Clock::now() + delay;
    const Entry* stored = &e;
    store({stored});
    enqueue(std::move(e));
}

void Pipeline::destroy() {
    if (store_) {
        store_->drop();
    }
    if (broker_) {
        broker_->stop(); // beanstalkd keeps the tube's jobs; what was reserved goes back to it
    }
    jobs_.clear();
    ready_.clear();
    by_seq_.clear();
    delayed_.clear();
    in_flight_.clear();
}

void Pipeline::flush() {
    if (store_) {
        store_->flush();
    }
}

} // namespace rr::jobs
