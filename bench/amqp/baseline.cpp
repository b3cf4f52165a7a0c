// What librabbitmq itself does against a RabbitMQ, for bench/jobs.sh to set rr-php's amqp driver
// beside: one connection publishes N small persistent messages with publisher confirms (one at a
// time, as rr-php's pushes are confirmed), while a second consumes and acks them (prefetch 10, as
// rr-php's default). Prints the messages per second from the first publish to the last ack.
// Usage: rr_amqp_baseline amqp://guest:guest@127.0.0.1:5672/ N
#include <amqp.h>
#include <amqp_tcp_socket.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

namespace {

amqp_connection_state_t open(const char* url_text, const char* queue, bool consumer) {
    std::string url = url_text;
    amqp_connection_info info;
    amqp_default_connection_info(&info);
    if (amqp_parse_url(url.data(), &info) != AMQP_STATUS_OK) {
        std::fprintf(stderr, "bad url %s\n", url_text);
        std::exit(2);
    }
    amqp_connection_state_t c = amqp_new_connection();
    amqp_socket_t* s = amqp_tcp_socket_new(c);
    if (amqp_socket_open(s, info.host, info.port) != AMQP_STATUS_OK) {
        std::fprintf(stderr, "cannot connect\n");
        std::exit(2);
    }
    const char* vhost = *info.vhost == '\0' ? "/" : info.vhost;
    if (amqp_login(c, vhost, 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, info.user, info.password).reply_type !=
        AMQP_RESPONSE_NORMAL) {
        std::fprintf(stderr, "login failed\n");
        std::exit(2);
    }
    amqp_channel_open(c, 1);
    amqp_queue_declare(c, 1, amqp_cstring_bytes(queue), 0, 0, 0, 0, amqp_empty_table);
    if (consumer) {
        amqp_basic_qos(c, 1, 0, 10, 0);
        amqp_basic_consume(c, 1, amqp_cstring_bytes(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    } else {
        amqp_confirm_select(c, 1);
    }
    if (amqp_get_rpc_reply(c).reply_type != AMQP_RESPONSE_NORMAL) {
        std::fprintf(stderr, "setup failed\n");
        std::exit(2);
    }
    return c;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s AMQP_URL N\n", argv[0]);
        return 2;
    }
    const long n = std::atol(argv[2]);
    const char* queue = "rr-bench-baseline";
    amqp_connection_state_t cons = open(argv[1], queue, true);
    amqp_connection_state_t prod = open(argv[1], queue, false);
    const auto start = std::chrono::steady_clock::now();
    std::thread consumer([&] {
        for (long got = 0; got < n;) {
            amqp_envelope_t env;
            amqp_maybe_release_buffers(cons);
            timeval tv{30, 0};
            const amqp_rpc_reply_t r = amqp_consume_message(cons, &env, &tv, 0);
            if (r.reply_type != AMQP_RESPONSE_NORMAL) {
                std::fprintf(stderr, "consume failed after %ld\n", got);
                std::exit(1);
            }
            amqp_basic_ack(cons, 1, env.delivery_tag, 0);
            amqp_destroy_envelope(&env);
            ++got;
        }
    });
    amqp_basic_properties_t props;
    std::memset(&props, 0, sizeof props);
    props._flags = AMQP_BASIC_DELIVERY_MODE_FLAG;
    props.delivery_mode = 2;
    const std::string body(64, 'x');
    for (long i = 0; i < n; ++i) {
        amqp_basic_publish(prod, 1, amqp_empty_bytes, amqp_cstring_bytes(queue), 0, 0, &props,
                           amqp_bytes_t{body.size(), const_cast<char*>(body.data())});
        for (;;) { // the confirm
            amqp_frame_t f;
            if (amqp_simple_wait_frame(prod, &f) != AMQP_STATUS_OK) {
                std::fprintf(stderr, "no confirm\n");
                return 1;
            }
            if (f.frame_type == AMQP_FRAME_METHOD && f.payload.method.id == AMQP_BASIC_ACK_METHOD) {
                break;
            }
        }
    }
    consumer.join();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%.0f\n", static_cast<double>(n) / secs);
    amqp_connection_close(prod, AMQP_REPLY_SUCCESS);
    amqp_connection_close(cons, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(prod);
    amqp_destroy_connection(cons);
    return 0;
}
