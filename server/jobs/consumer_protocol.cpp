#include "server/jobs/consumer_protocol.hpp"

#include <boost/json.hpp>

namespace json = boost::json;

namespace rr::jobs {

std::string consumer_context(const ::jobs::v1::Job& job, const std::string& pipeline,
                             const std::string& driver) {
    json::object headers;
    for (const auto& [name, hv] : job.headers()) {
        json::array values;
        for (const auto& v : hv.value()) {
            values.emplace_back(v);
        }
        headers[name] = std::move(values);
    }
    json::object ctx;
    ctx["id"] = job.id();
    ctx["job"] = job.job();
    ctx["driver"] = driver;
    ctx["headers"] = std::move(headers); // always present: the PHP client reads it unconditionally
    ctx["pipeline"] = pipeline;
    return json::serialize(ctx);
}

ConsumerReply parse_consumer_reply(std::string_view body) {
    ConsumerReply r;
    json::error_code ec;
    const json::value v = json::parse(body, ec);
    const json::object* o = ec ? nullptr : v.if_object();
    const json::value* type = o != nullptr ? o->if_contains("type") : nullptr;
    if (type == nullptr || !type->is_number()) {
        r.problem = body.empty() ? "an empty answer" : "an answer that is not {\"type\":N,...}";
        return r;
    }
    const int64_t n = type->to_number<int64_t>();
    const json::value* data_v = o->if_contains("data");
    const json::object* data = data_v != nullptr ? data_v->if_object() : nullptr;
    bool requeue_flag = false;
    if (data != nullptr) {
        if (const json::value* m = data->if_contains("message"); m != nullptr && m->is_string()) {
            r.message = std::string(m->as_string());
        }
        if (const json::value* d = data->if_contains("delay_seconds"); d != nullptr && d->is_number()) {
            r.delay = std::chrono::seconds(std::max<int64_t>(0, d->to_number<int64_t>()));
        }
        if (const json::value* q = data->if_contains("requeue"); q != nullptr && q->is_bool()) {
            requeue_flag = q->as_bool();
        }
        if (const json::value* h = data->if_contains("headers"); h != nullptr && h->is_object()) {
            Headers headers;
            for (const auto& kv : h->as_object()) {
                auto& values = headers[std::string(kv.key())];
                if (kv.value().is_array()) {
                    for (const auto& e : kv.value().as_array()) {
                        if (e.is_string()) {
                            values.emplace_back(e.as_string());
                        }
                    }
                } else if (kv.value().is_string()) {
                    values.emplace_back(kv.value().as_string());
                }
            }
            r.headers = std::move(headers);
        }
    }
    switch (n) {
    case 0: // success
    case 2: // ack
        r.action = ConsumerReply::Action::ack;
        break;
    case 1: // error: requeue when asked, else the job is done with
    case 3: // nack
        r.action = requeue_flag ? ConsumerReply::Action::requeue : ConsumerReply::Action::drop;
        if (n == 3) {
            r.headers.reset(); // a nack carries no headers
        }
        break;
    case 4: // requeue
        r.action = ConsumerReply::Action::requeue;
        break;
    default:
        r.problem = "an unknown answer type " + std::to_string(n);
    }
    return r;
}

} // namespace rr::jobs
