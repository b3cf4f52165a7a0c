#include "server/jobs/amqp_queue.hpp"

#include "server/jobs/run_on_thread.hpp"

#include "server/core/log.hpp"

#include <amqp.h>
#include <amqp_tcp_socket.h>

#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

namespace asio = boost::asio;

namespace rr::jobs {
namespace {

spdlog::logger& logger() {
    return log::channel("jobs");
}

amqp_bytes_t bytes(const std::string& s) {
    return amqp_bytes_t{s.size(), const_cast<char*>(s.data())};
}

// The text of a failed librabbitmq call.
std::string why(const amqp_rpc_reply_t& r) {
    switch (r.reply_type) {
    case AMQP_RESPONSE_NORMAL:
        return "ok";
    case AMQP_RESPONSE_NONE:
        return "no reply";
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
        return amqp_error_string2(r.library_error);
    case AMQP_RESPONSE_SERVER_EXCEPTION:
        if (r.reply.id == AMQP_CONNECTION_CLOSE_METHOD || r.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
            const auto* m = static_cast<amqp_channel_close_t*>(r.reply.decoded); // same layout for both
            return fmt::format("the server closed it: {} {}", m->reply_code,
                               std::string(static_cast<const char*>(m->reply_text.bytes), m->reply_text.len));
        }
        return fmt::format("the server answered method 0x{:08x}", r.reply.id);
    }
    return "unknown";
}

} // namespace

// One connection with channel 1 open, the pipeline's exchange, queue and binding declared.
struct AmqpQueue::Connection {
    amqp_connection_state_t conn = nullptr;
    uint64_t epoch = 0;

    ~Connection() { close(); }
    void close() {
        if (conn != nullptr) {
            amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
            amqp_destroy_connection(conn);
            conn = nullptr;
        }
    }

    // Connects to `address` (amqp://user:pass@host:port/vhost); "" or the error.
    std::string open(const std::string& address, const config::JobsPipelineConfig& c, bool consumer) {
        close();
        std::string url = address;
        amqp_connection_info info;
        amqp_default_connection_info(&info);
        if (amqp_parse_url(url.data(), &info) != AMQP_STATUS_OK) {
            return fmt::format("amqp {}: not an amqp:// address", address);
        }
        conn = amqp_new_connection();
        timeval limit{10, 0}; // a broker that accepts but does not answer: each step gives up after this
        amqp_set_handshake_timeout(conn, &limit);
        amqp_set_rpc_timeout(conn, &limit);
        amqp_socket_t* sock = amqp_tcp_socket_new(conn);
        timeval tv{5, 0};
        const int rc = sock == nullptr ? AMQP_STATUS_NO_MEMORY
                                       : amqp_socket_open_noblock(sock, info.host, info.port, &tv);
        if (rc != AMQP_STATUS_OK) {
            close();
            return fmt::format("amqp {}:{}: cannot connect: {}", info.host, info.port,
                               amqp_error_string2(rc));
        }
        // "amqp://host:5672/" means the vhost "/" (as RoadRunner's Go client reads it), not "".
        const char* vhost = info.vhost == nullptr || *info.vhost == '\0' ? "/" : info.vhost;
        amqp_rpc_reply_t r =
            amqp_login(conn, vhost, 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, info.user, info.password);
        if (r.reply_type != AMQP_RESPONSE_NORMAL) {
            close();
            return fmt::format("amqp {}:{}: login: {}", info.host, info.port, why(r));
        }
        const auto step = [&](const char* what) -> std::string {
            const amqp_rpc_reply_t rr = amqp_get_rpc_reply(conn);
            return rr.reply_type == AMQP_RESPONSE_NORMAL
                       ? std::string()
                       : fmt::format("amqp {}: {}: {}", address, what, why(rr));
        };
        amqp_channel_open(conn, 1);
        std::string e = step("channel");
        if (e.empty()) {
            amqp_exchange_declare(conn, 1, bytes(c.exchange), bytes(c.exchange_type), 0,
                                  c.exchange_durable ? 1 : 0, 0, 0, amqp_empty_table);
            e = step(fmt::format("exchange {} ({})", c.exchange, c.exchange_type).c_str());
        }
        if (e.empty()) {
            amqp_queue_declare(conn, 1, bytes(c.queue), 0, c.durable ? 1 : 0, 0, 0, amqp_empty_table);
            e = step(fmt::format("queue {}", c.queue).c_str());
        }
        if (e.empty()) {
            amqp_queue_bind(conn, 1, bytes(c.queue), bytes(c.exchange), bytes(c.routing_key),
                            amqp_empty_table);
            e = step("bind");
        }
        if (e.empty() && consumer) {
            const uint64_t prefetch = c.prefetch != 0 ? c.prefetch : 10;
            amqp_basic_qos(conn, 1, 0, static_cast<uint16_t>(std::min<uint64_t>(prefetch, 65535)), 0);
            e = step("qos");
            if (e.empty()) {
                amqp_basic_consume(conn, 1, bytes(c.queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
                e = step("consume");
            }
        }
        if (e.empty() && !consumer) {
            amqp_confirm_select(conn, 1);
            e = step("confirm mode");
        }
        if (!e.empty()) {
            close();
            return e;
        }
        ++epoch;
        return {};
    }
};

AmqpQueue::AmqpQueue(asio::any_io_executor ex, const config::JobsConfig& jobs, std::string pipeline,
                     const config::JobsPipelineConfig& config)
    : ex_(ex), pipeline_(std::move(pipeline)), address_(jobs.amqp_addr), config_(config),
      publisher_conn_(std::make_unique<Connection>()), wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

AmqpQueue::~AmqpQueue() {
    if (consumer_.joinable()) {
        if (consumer_.get_id() == std::this_thread::get_id()) {
            consumer_.detach();
        } else {
            consumer_.join();
        }
    }
    publisher_.join();
    if (wake_fd_ >= 0) {
        ::close(wake_fd_);
    }
}

void AmqpQueue::start(Hooks hooks) {
    hooks_ = std::move(hooks);
    auto self = std::static_pointer_cast<AmqpQueue>(shared_from_this());
    consumer_ = std::thread([self] { self->consume_loop(); });
}

void AmqpQueue::stop() {
    if (stopped_) {
        return;
    }
    stopped_ = true;
    hooks_ = {};
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    const uint64_t one = 1;
    (void)!::write(wake_fd_, &one, sizeof one);
    if (consumer_.joinable()) {
        consumer_.detach(); // it ends at once (its connection closes: RabbitMQ requeues the unacked)
    }
}

asio::awaitable<void> AmqpQueue::drain() {
    // The answers given so far go out, then the consumer stops (joined on the publisher's thread).
    const std::function<std::string()> job = [this] {
        {
            std::unique_lock lock(mu_);
            answered_.wait_for(lock, std::chrono::seconds(5), [this] { return answers_.empty(); });
            stopping_ = true;
        }
        const uint64_t one = 1;
        (void)!::write(wake_fd_, &one, sizeof one);
        if (consumer_.joinable()) {
            consumer_.join();
        }
        return std::string();
    };
    co_await run_on_thread(&publisher_, &job);
}

void AmqpQueue::answer(uint64_t tag, uint64_t epoch, bool ack) {
    {
        std::lock_guard lock(mu_);
        answers_.push_back(Answer{tag, epoch, ack});
    }
    const uint64_t one = 1;
    (void)!::write(wake_fd_, &one, sizeof one);
}

void AmqpQueue::consume_loop() {
    Connection c;
    std::string last_error;
    std::chrono::milliseconds backoff(100);
    auto self = std::static_pointer_cast<AmqpQueue>(shared_from_this());
    for (;;) {
        {
            std::lock_guard lock(mu_);
            if (stopping_) {
                return;
            }
        }
        if (c.conn == nullptr) {
            const std::string e = c.open(address_, config_, true);
            if (!e.empty()) {
                if (e != last_error) {
                    last_error = e;
                    logger().error("jobs: pipeline {}: {}; trying again", pipeline_, e);
                }
                pollfd p{wake_fd_, POLLIN, 0};
                ::poll(&p, 1, static_cast<int>(backoff.count()));
                backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
                continue;
            }
            if (!last_error.empty()) {
                logger().info("jobs: pipeline {}: amqp connected again", pipeline_);
            }
            last_error.clear();
            backoff = std::chrono::milliseconds(100);
        }
        // The consumers' answers: only this connection may give them.
        std::deque<Answer> given;
        {
            std::lock_guard lock(mu_);
            given.swap(answers_);
        }
        bool broken = false;
        for (const Answer& a : given) {
            if (a.epoch != c.epoch) {
                continue; // delivered on a connection that broke: RabbitMQ requeued it
            }
            const int rc =
                a.ack ? amqp_basic_ack(c.conn, 1, a.tag, 0) : amqp_basic_reject(c.conn, 1, a.tag, 1);
            broken = broken || rc != AMQP_STATUS_OK;
        }
        answered_.notify_all();
        if (broken) {
            c.close();
            continue;
        }
        // Wait for a delivery or an answer to send.
        if (!amqp_frames_enqueued(c.conn) && !amqp_data_in_buffer(c.conn)) {
            pollfd p[2] = {{amqp_get_sockfd(c.conn), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
            ::poll(p, 2, -1);
            if (p[1].revents != 0) {
                uint64_t n;
                (void)!::read(wake_fd_, &n, sizeof n);
            }
            if (p[0].revents == 0) {
                continue;
            }
        }
        amqp_envelope_t env;
        amqp_maybe_release_buffers(c.conn);
        timeval zero{0, 0};
        const amqp_rpc_reply_t r = amqp_consume_message(c.conn, &env, &zero, 0);
        if (r.reply_type == AMQP_RESPONSE_NORMAL) {
            std::string body(static_cast<const char*>(env.message.body.bytes), env.message.body.len);
            const uint64_t tag = env.delivery_tag;
            const uint64_t epoch = c.epoch;
            amqp_destroy_envelope(&env);
            asio::post(ex_, [self, body = std::move(body), tag, epoch]() mutable {
                self->arrived(std::move(body), tag, epoch);
            });
            continue;
        }
        if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && r.library_error == AMQP_STATUS_TIMEOUT) {
            continue;
        }
        if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
            r.library_error == AMQP_STATUS_UNEXPECTED_STATE) {
            amqp_frame_t frame;
            if (amqp_simple_wait_frame_noblock(c.conn, &frame, &zero) == AMQP_STATUS_OK &&
                frame.frame_type == AMQP_FRAME_METHOD &&
                (frame.payload.method.id == AMQP_BASIC_ACK_METHOD ||
                 frame.payload.method.id == AMQP_BASIC_RETURN_METHOD)) {
                continue;
            }
        }
        const std::string e = fmt::format("amqp {}: {}", address_, why(r));
        if (e != last_error) {
            last_error = e;
            logger().warn("jobs: pipeline {}: {}; connecting again (RabbitMQ requeues its unacked jobs)",
                          pipeline_, e);
        }
        c.close();
    }
}

void AmqpQueue::arrived(std::string body, uint64_t tag, uint64_t epoch) {
    if (stopped_ || !hooks_.deliver) {
        answer(tag, epoch, false);
        return;
    }
    ::jobs::v1::StoredJob stored;
    if (!stored.ParseFromString(body) || stored.job().id().empty()) {
        // Published by another program: its body is the payload.
        stored.Clear();
        stored.mutable_job()->set_job("amqp");
        stored.mutable_job()->set_id(fmt::format("amqp-{}-{}-{}", pipeline_, epoch, tag));
        stored.mutable_job()->set_payload(std::move(body));
        stored.mutable_job()->mutable_options()->set_pipeline(pipeline_);
    }
    hooks_.deliver(std::move(*stored.mutable_job()), BrokerTicket{tag, epoch});
}

void AmqpQueue::remove(BrokerTicket t) {
    answer(t.id, t.epoch, true);
}

void AmqpQueue::release(BrokerTicket t) {
    answer(t.id, t.epoch, false);
}

std::string AmqpQueue::publish(const std::string& body, int64_t delay_ms) {
    Connection& c = *publisher_conn_;
    for (int attempt = 0; attempt < 2; ++attempt) { // once more on a fresh connection
        if (c.conn == nullptr) {
            const std::string e = c.open(address_, config_, false);
            if (!e.empty()) {
                return e;
            }
        }
        std::string exchange = config_.exchange;
        std::string key = config_.routing_key;
        if (delay_ms > 0) {
            // A queue per delay: its jobs wait out the TTL, then go to the pipeline's exchange.
            key = fmt::format("delayed-{}-{}-{}", delay_ms, config_.exchange, config_.queue);
            exchange.clear();
            amqp_table_entry_t args[4];
            args[0].key = amqp_cstring_bytes("x-dead-letter-exchange");
            args[0].value.kind = AMQP_FIELD_KIND_UTF8;
            args[0].value.value.bytes = bytes(config_.exchange);
            args[1].key = amqp_cstring_bytes("x-dead-letter-routing-key");
            args[1].value.kind = AMQP_FIELD_KIND_UTF8;
            args[1].value.value.bytes = bytes(config_.routing_key);
            args[2].key = amqp_cstring_bytes("x-message-ttl");
            args[2].value.kind = AMQP_FIELD_KIND_I64;
            args[2].value.value.i64 = delay_ms;
            args[3].key = amqp_cstring_bytes("x-expires");
            args[3].value.kind = AMQP_FIELD_KIND_I64;
            args[3].value.value.i64 = delay_ms * 2 + 60000;
            amqp_table_t table{4, args};
            amqp_queue_declare(c.conn, 1, bytes(key), 0, 1, 0, 0, table);
            const amqp_rpc_reply_t r = amqp_get_rpc_reply(c.conn);
            if (r.reply_type != AMQP_RESPONSE_NORMAL) {
                const std::string e = fmt::format("amqp {}: delayed queue {}: {}", address_, key, why(r));
                c.close();
                if (attempt == 1) {
                    return e;
                }
                continue;
            }
        }
        amqp_basic_properties_t props;
        std::memset(&props, 0, sizeof props);
        props._flags = AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_CONTENT_TYPE_FLAG;
        props.delivery_mode = 2; // persistent
        props.content_type = amqp_cstring_bytes("application/x-protobuf");
        int rc = amqp_basic_publish(c.conn, 1, bytes(exchange), bytes(key), 0, 0, &props, bytes(body));
        // Publisher confirms: the job counts as pushed once RabbitMQ acks it.
        amqp_frame_t frame;
        timeval tv{10, 0};
        while (rc == AMQP_STATUS_OK) {
            rc = amqp_simple_wait_frame_noblock(c.conn, &frame, &tv);
            if (rc != AMQP_STATUS_OK) {
                break;
            }
            if (frame.frame_type == AMQP_FRAME_METHOD && frame.payload.method.id == AMQP_BASIC_ACK_METHOD) {
                return {};
            }
            if (frame.frame_type == AMQP_FRAME_METHOD && frame.payload.method.id == AMQP_BASIC_NACK_METHOD) {
                return fmt::format("amqp {}: RabbitMQ refused the job (basic.nack)", address_);
            }
        }
        const std::string e = fmt::format("amqp {}: publish: {}", address_, amqp_error_string2(rc));
        c.close();
        if (attempt == 1) {
            return e;
        }
    }
    return fmt::format("amqp {}: publish failed", address_);
}

asio::awaitable<std::string> AmqpQueue::put(const std::vector<::jobs::v1::Job>* jobs) {
    const std::function<std::string()> job = [this, jobs] {
        for (const auto& j : *jobs) {
            ::jobs::v1::StoredJob s;
            *s.mutable_job() = j;
            const std::string e =
                publish(s.SerializeAsString(), std::max<int64_t>(0, j.options().delay()) * 1000);
            if (!e.empty()) {
                return e;
            }
        }
        return std::string();
    };
    std::string error = co_await run_on_thread(&publisher_, &job);
    co_return error;
}

void AmqpQueue::replace(BrokerTicket t, ::jobs::v1::Job job, std::chrono::seconds delay) {
    // Publish first, then ack: a failure between the two delivers the job twice, never zero times.
    auto self = std::static_pointer_cast<AmqpQueue>(shared_from_this());
    ::jobs::v1::StoredJob s;
    *s.mutable_job() = std::move(job);
    std::string body = s.SerializeAsString();
    asio::post(publisher_, [self, body = std::move(body), delay, t] {
        const std::string error = self->publish(body, delay.count() * 1000);
        if (!error.empty()) {
            logger().error("jobs: pipeline {}: cannot requeue a job ({}); it is delivered again as it was",
                           self->pipeline_, error);
        }
        self->answer(t.id, t.epoch, error.empty());
    });
}

asio::awaitable<void> AmqpQueue::refresh() {
    Counts fresh = counts_;
    const std::function<std::string()> job = [this, &fresh] {
        Connection& c = *publisher_conn_;
        if (c.conn == nullptr && !c.open(address_, config_, false).empty()) {
            return std::string("not connected");
        }
        amqp_queue_declare_ok_t* ok =
            amqp_queue_declare(c.conn, 1, bytes(config_.queue), 1, 0, 0, 0, amqp_empty_table);
        if (ok == nullptr) {
            c.close();
            return std::string("queue.declare failed");
        }
        fresh.ready = ok->message_count;
        return std::string();
    };
    const std::string error = co_await run_on_thread(&publisher_, &job);
    if (error.empty()) {
        counts_ = fresh; // the queue's messages not delivered; the pipeline adds what it holds
    }
}

} // namespace rr::jobs
