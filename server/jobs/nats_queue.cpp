#include "server/jobs/nats_queue.hpp"

#include "server/jobs/run_on_thread.hpp"

#include "server/core/log.hpp"

#include <nats/nats.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

#include <chrono>
#include <future>

namespace asio = boost::asio;

namespace rr::jobs {
namespace {

spdlog::logger& logger() {
    return log::channel("jobs");
}

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The job as kept in the stream: rr-php's StoredJob (the job and when it is due).
std::string encode(const ::jobs::v1::Job& job, int64_t ready_at_ms) {
    ::jobs::v1::StoredJob s;
    *s.mutable_job() = job;
    s.set_ready_at_ms(ready_at_ms);
    return s.SerializeAsString();
}

std::string nats_error(const std::string& what, natsStatus s, jsErrCode code = static_cast<jsErrCode>(0)) {
    const char* text = nats_GetLastError(nullptr);
    return fmt::format("{}: {}{}", what, text != nullptr && *text != '\0' ? text : natsStatus_GetText(s),
                       code != 0 ? fmt::format(" (JetStream error {})", static_cast<int>(code)) : "");
}

// A durable consumer's name: letters, digits, '-' and '_' only.
std::string durable_name(const std::string& pipeline) {
    std::string out = "rr-php-";
    for (char c : pipeline) {
        out.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_');
    }
    return out;
}

} // namespace

NatsQueue::NatsQueue(asio::any_io_executor ex, const config::JobsConfig& jobs, std::string pipeline,
                     const config::JobsPipelineConfig& config)
    : ex_(ex), pipeline_(std::move(pipeline)), address_(jobs.nats_addr), timeout_(jobs.nats_timeout),
      subject_(config.subject), stream_(config.stream), deliver_new_(config.deliver_new) {}

NatsQueue::~NatsQueue() {
    // The last owner is the fetching thread (when it ends) or the event loop: nothing runs here any more.
    if (fetcher_.joinable()) {
        if (fetcher_.get_id() == std::this_thread::get_id()) {
            fetcher_.detach();
        } else {
            fetcher_.join();
        }
    }
    publisher_.join();
    for (auto& [msg, timer] : not_due_) {
        natsMsg_Destroy(msg); // (not stopped: the server delivers it again after its ack wait)
    }
    if (sub_.load() != nullptr) {
        natsSubscription_Destroy(sub_.load());
    }
    if (js_.load() != nullptr) {
        jsCtx_Destroy(js_.load());
    }
    if (conn_.load() != nullptr) {
        natsConnection_Destroy(conn_.load());
        // Its closed callback comes from libnats' own thread; wait for it (briefly: a libnats that
        // never calls it must not hold the stop up).
        if (closed_.valid()) {
            closed_.wait_for(std::chrono::seconds(2));
        }
    }
}

void NatsQueue::start(Hooks hooks) {
    hooks_ = std::move(hooks);
    auto self = std::static_pointer_cast<NatsQueue>(shared_from_this());
    fetcher_ = std::thread([self] { self->fetch_loop(); });
    kick();
}

void NatsQueue::stop() {
    if (stopped_) {
        return;
    }
    stopped_ = true;
    hooks_ = {};
    for (auto& [id, msg] : held_) {
        natsMsg_Nak(msg, nullptr); // delivered again (to whoever consumes next)
        natsMsg_Destroy(msg);
    }
    held_.clear();
    for (auto& [msg, timer] : not_due_) {
        timer->cancel();
        natsMsg_Nak(msg, nullptr);
        natsMsg_Destroy(msg);
    }
    not_due_.clear();
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    wake_.notify_all();
    connected_.notify_all();
    // The fetching thread ends within one fetch (at most a second) and drops its reference.
    if (fetcher_.joinable()) {
        fetcher_.detach();
    }
}

void NatsQueue::kick() {
    const std::size_t room = !stopped_ && hooks_.room ? hooks_.room() : 0;
    bool changed = false;
    {
        std::lock_guard lock(mu_);
        changed = credit_ != room;
        credit_ = room;
    }
    wake_.notify_all();
    if (changed) {
        log_->debug("jobs: pipeline {}: room for {} job(s)", pipeline_, room);
    }
}

asio::awaitable<void> NatsQueue::drain() {
    // Acks go out as they are given; what is left is to stop fetching. The fetching thread ends
    // within one fetch (a second); it is joined on the publishing thread, not here.
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    wake_.notify_all();
    connected_.notify_all();
    const std::function<std::string()> join = [this] {
        if (fetcher_.joinable()) {
            fetcher_.join();
        }
        return std::string();
    };
    co_await run_on_thread(&publisher_, &join);
}

bool NatsQueue::connect(std::string& error) {
    natsOptions* opts = nullptr;
    natsStatus s = natsOptions_Create(&opts);
    if (s == NATS_OK) {
        s = natsOptions_SetURL(opts, address_.c_str());
    }
    if (s == NATS_OK) {
        s = natsOptions_SetTimeout(opts, timeout_.count());
    }
    if (s == NATS_OK) {
        s = natsOptions_SetMaxReconnect(opts, -1); // forever: the connection comes back by itself
    }
    if (s == NATS_OK) {
        s = natsOptions_SetReconnectWait(opts, 200);
    }
    // libnats' own threads report the connection going and coming back. What they print is their
    // own copy, freed by the closed callback (the last one libnats delivers for a connection), so a
    // callback that comes while or after this queue is destroyed reads nothing freed.
    // The closed callback also tells the destructor that libnats is done with the connection, so no
    // callback of it is still running when the queue (or the process) goes away.
    struct Names {
        std::string pipeline;
        std::string address;
        std::shared_ptr<spdlog::logger> log;
        std::promise<void> closed;
    };
    auto* names = new Names{pipeline_, address_, log_, {}};
    std::future<void> closed = names->closed.get_future();
    if (s == NATS_OK) {
        s = natsOptions_SetDisconnectedCB(
            opts,
            [](natsConnection*, void* q) {
                const auto* n = static_cast<const Names*>(q);
                n->log->warn("jobs: pipeline {}: nats {}: disconnected; reconnecting", n->pipeline,
                             n->address);
            },
            names);
    }
    if (s == NATS_OK) {
        s = natsOptions_SetReconnectedCB(
            opts,
            [](natsConnection*, void* q) {
                const auto* n = static_cast<const Names*>(q);
                n->log->info("jobs: pipeline {}: nats {}: connected again", n->pipeline, n->address);
            },
            names);
    }
    if (s == NATS_OK) {
        s = natsOptions_SetClosedCB(
            opts,
            [](natsConnection*, void* q) {
                auto* n = static_cast<Names*>(q);
                std::promise<void> done = std::move(n->closed);
                delete n;
                done.set_value();
            },
            names);
    }
    natsConnection* conn = nullptr;
    if (s == NATS_OK) {
        s = natsConnection_Connect(&conn, opts);
    }
    natsOptions_Destroy(opts);
    if (s != NATS_OK) {
        if (conn == nullptr) {
            delete names; // no connection: no callback will come
        }
        error = nats_error(fmt::format("nats {}", address_), s);
        return false;
    }
    jsCtx* js = nullptr;
    s = natsConnection_JetStream(&js, conn, nullptr);
    jsErrCode code = static_cast<jsErrCode>(0);
    jsStreamInfo* si = nullptr;
    if (s == NATS_OK) {
        s = js_GetStreamInfo(&si, js, stream_.c_str(), nullptr, &code);
        if (s == NATS_NOT_FOUND) {
            jsStreamConfig cfg;
            jsStreamConfig_Init(&cfg);
            cfg.Name = stream_.c_str();
            const char* subjects[] = {subject_.c_str()};
            cfg.Subjects = subjects;
            cfg.SubjectsLen = 1;
            cfg.Retention = js_WorkQueuePolicy; // an acked job leaves the stream
            cfg.Storage = js_FileStorage;
            code = static_cast<jsErrCode>(0);
            s = js_AddStream(&si, js, &cfg, nullptr, &code);
        }
        if (si != nullptr) {
            jsStreamInfo_Destroy(si);
        }
    }
    natsSubscription* sub = nullptr;
    if (s == NATS_OK) {
        jsSubOptions so;
        jsSubOptions_Init(&so);
        so.Stream = stream_.c_str();
        so.Config.DeliverPolicy = deliver_new_ ? js_DeliverNew : js_DeliverAll;
        so.Config.AckWait = 30LL * 1000 * 1000 * 1000;
        code = static_cast<jsErrCode>(0);
        const std::string durable = durable_name(pipeline_);
        s = js_PullSubscribe(&sub, js, subject_.c_str(), durable.c_str(), nullptr, &so, &code);
    }
    if (s != NATS_OK) {
        error =
            nats_error(fmt::format("nats {}: stream {}, subject {}", address_, stream_, subject_), s, code);
        if (js != nullptr) {
            jsCtx_Destroy(js);
        }
        natsConnection_Destroy(conn);
        return false;
    }
    js_ = js;
    sub_ = sub;
    closed_ = std::move(closed);
    conn_ = conn;
    return true;
}

void NatsQueue::fetch_loop() {
    std::string last_error;
    std::chrono::milliseconds backoff(100);
    for (;;) {
        std::size_t batch = 0;
        {
            std::unique_lock lock(mu_);
            wake_.wait(lock,
                       [this] { return stopping_ || (credit_ > 0 && sub_ != nullptr) || sub_ == nullptr; });
            if (stopping_) {
                return;
            }
            batch = std::min<std::size_t>(credit_, 64);
        }
        std::string error;
        if (sub_ == nullptr && !connect(error)) {
            {
                std::lock_guard lock(mu_);
                connect_error_ = error;
            }
            connected_.notify_all();
            if (error != last_error) {
                last_error = error;
                log_->error("jobs: pipeline {}: {}; trying again", pipeline_, error);
            }
            std::unique_lock lock(mu_);
            wake_.wait_for(lock, backoff, [this] { return stopping_; });
            backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
            continue;
        }
        {
            std::lock_guard lock(mu_);
            connect_error_.clear();
        }
        connected_.notify_all();
        if (batch == 0) {
            continue; // connected; wait for room
        }
        natsMsgList list{};
        jsErrCode code = static_cast<jsErrCode>(0);
        const natsStatus s = natsSubscription_Fetch(&list, sub_.load(), static_cast<int>(batch), 1000, &code);
        if (s == NATS_TIMEOUT) {
            continue;
        }
        log_->debug("jobs: pipeline {}: fetched {} of up to {} ({})", pipeline_, list.Count, batch,
                    natsStatus_GetText(s));
        if (s != NATS_OK) {
            error = nats_error(fmt::format("nats {}: fetch", address_), s, code);
            if (error != last_error) {
                last_error = error;
                log_->warn("jobs: pipeline {}: {}; trying again", pipeline_, error);
            }
            std::unique_lock lock(mu_);
            wake_.wait_for(lock, backoff, [this] { return stopping_; });
            backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
            continue;
        }
        backoff = std::chrono::milliseconds(100);
        last_error.clear();
        {
            std::lock_guard lock(mu_);
            credit_ -= std::min<std::size_t>(credit_, static_cast<std::size_t>(list.Count));
        }
        auto self = std::static_pointer_cast<NatsQueue>(shared_from_this());
        for (int i = 0; i < list.Count; ++i) {
            natsMsg* msg = list.Msgs[i];
            list.Msgs[i] = nullptr; // ours now
            asio::post(ex_, [self, msg] { self->arrived(msg); });
        }
        natsMsgList_Destroy(&list);
    }
}

void NatsQueue::arrived(natsMsg* msg) {
    if (stopped_ || !hooks_.deliver) {
        natsMsg_Nak(msg, nullptr);
        natsMsg_Destroy(msg);
        return;
    }
    ::jobs::v1::StoredJob stored;
    const char* data = natsMsg_GetData(msg);
    const int len = natsMsg_GetDataLength(msg);
    if (!stored.ParseFromArray(data, len) || stored.job().id().empty()) {
        // Published by another program: its data is the payload.
        stored.Clear();
        stored.mutable_job()->set_job("nats");
        stored.mutable_job()->set_id(fmt::format("nats-{}-{}", pipeline_, next_ticket_));
        stored.mutable_job()->set_payload(std::string(data, static_cast<std::size_t>(len)));
        stored.mutable_job()->mutable_options()->set_pipeline(pipeline_);
    }
    const int64_t wait = stored.ready_at_ms() - now_ms();
    if (wait > 0) {
        // Held here until it is due, not NAKed with the delay: nats-server 2.9 does not keep to a
        // NAK's delay (it may give the job back only when its ack wait runs out). Every
        // kProgressMs, and when it is delivered, JetStream is told the job is in progress, which
        // starts its ack wait again.
        log_->debug("jobs: pipeline {}: job {} fetched {} ms before it is due; held until then", pipeline_,
                    stored.job().id(), wait);
        auto timer =
            std::make_shared<asio::steady_timer>(ex_, std::chrono::milliseconds(std::min(wait, kProgressMs)));
        not_due_[msg] = timer;
        auto self = std::static_pointer_cast<NatsQueue>(shared_from_this());
        timer->async_wait([self, msg](const boost::system::error_code& ec) {
            const auto it = self->not_due_.find(msg);
            if (ec || it == self->not_due_.end()) {
                return; // stopped: it was given back
            }
            self->not_due_.erase(it);
            natsMsg_InProgress(msg, nullptr);
            self->arrived(msg); // delivered now, or held for the next part of its delay
        });
        kick();
        return;
    }
    const uint64_t id = next_ticket_++;
    log_->debug("jobs: pipeline {}: job {} fetched (ticket {})", pipeline_, stored.job().id(), id);
    held_[id] = msg;
    hooks_.deliver(std::move(*stored.mutable_job()), BrokerTicket{id, 0});
    kick();
}

void NatsQueue::remove(BrokerTicket t) {
    const auto it = held_.find(t.id);
    if (it == held_.end()) {
        return;
    }
    natsMsg_Ack(it->second, nullptr);
    natsMsg_Destroy(it->second);
    held_.erase(it);
    kick();
}

void NatsQueue::release(BrokerTicket t) {
    const auto it = held_.find(t.id);
    if (it == held_.end()) {
        return;
    }
    natsMsg_Nak(it->second, nullptr);
    natsMsg_Destroy(it->second);
    held_.erase(it);
    kick();
}

std::string NatsQueue::publish(const std::string& body) {
    jsCtx* js = js_.load();
    if (js == nullptr) { // the fetching thread connects: wait for it, as long as a connect may take
        std::unique_lock lock(mu_);
        connected_.wait_for(lock, timeout_, [this] { return stopping_ || js_.load() != nullptr; });
        js = js_.load();
        if (js == nullptr) {
            return connect_error_.empty() ? fmt::format("nats {}: not connected", address_) : connect_error_;
        }
    }
    jsPubAck* ack = nullptr;
    jsErrCode code = static_cast<jsErrCode>(0);
    const natsStatus s =
        js_Publish(&ack, js, subject_.c_str(), body.data(), static_cast<int>(body.size()), nullptr, &code);
    if (ack != nullptr) {
        jsPubAck_Destroy(ack);
    }
    return s == NATS_OK ? std::string()
                        : nats_error(fmt::format("nats {}: publish to {}", address_, subject_), s, code);
}

asio::awaitable<std::string> NatsQueue::put(const std::vector<::jobs::v1::Job>* jobs) {
    const std::function<std::string()> job = [this, jobs] {
        const int64_t now = now_ms();
        for (const auto& j : *jobs) {
            const std::string e = publish(encode(j, now + std::max<int64_t>(0, j.options().delay()) * 1000));
            if (!e.empty()) {
                return e;
            }
        }
        return std::string();
    };
    std::string error = co_await run_on_thread(&publisher_, &job);
    co_return error;
}

void NatsQueue::replace(BrokerTicket t, ::jobs::v1::Job job, std::chrono::seconds delay) {
    const auto it = held_.find(t.id);
    if (it == held_.end()) {
        return;
    }
    natsMsg* old = it->second;
    held_.erase(it);
    // Publish first, then ack: a failure between the two delivers the job twice, never zero times.
    auto self = std::static_pointer_cast<NatsQueue>(shared_from_this());
    const std::string body = encode(job, now_ms() + delay.count() * 1000);
    asio::post(publisher_, [self, body, old] {
        const std::string error = self->publish(body);
        asio::post(self->ex_, [self, error, old] {
            if (error.empty()) {
                natsMsg_Ack(old, nullptr);
            } else {
                logger().error(
                    "jobs: pipeline {}: cannot requeue a job ({}); it is delivered again as it was",
                    self->pipeline_, error);
                natsMsg_Nak(old, nullptr);
            }
            natsMsg_Destroy(old);
            self->kick();
        });
    });
}

asio::awaitable<void> NatsQueue::refresh() {
    Counts fresh = counts_;
    const std::function<std::string()> job = [this, &fresh] {
        natsSubscription* sub = sub_.load();
        if (sub == nullptr || js_.load() == nullptr) {
            return std::string("not connected");
        }
        jsConsumerInfo* ci = nullptr;
        jsErrCode code = static_cast<jsErrCode>(0);
        if (natsSubscription_GetConsumerInfo(&ci, sub, nullptr, &code) != NATS_OK || ci == nullptr) {
            return std::string("no consumer info");
        }
        fresh.ready = static_cast<int64_t>(ci->NumPending);
        fresh.reserved = ci->NumAckPending;
        fresh.delayed = 0;
        jsConsumerInfo_Destroy(ci);
        return std::string();
    };
    const std::string error = co_await run_on_thread(&publisher_, &job);
    if (error.empty()) {
        counts_ = fresh;
    }
    counts_.delayed = static_cast<int64_t>(not_due_.size()); // the server counts them as reserved
}

} // namespace rr::jobs
