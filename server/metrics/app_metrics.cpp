#include "server/metrics/app_metrics.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <array>
#include <charconv>

namespace asio = boost::asio;
namespace json = boost::json;

namespace rr::metrics {

namespace {

std::string full_name(const std::string& ns, const std::string& subsystem, const std::string& name) {
    std::string out;
    for (const std::string* part : {&ns, &subsystem, &name}) {
        if (!part->empty()) {
            out += out.empty() ? "" : "_";
            out += *part;
        }
    }
    return out;
}

Type type_of(const std::string& t) {
    if (t == "gauge") {
        return Type::gauge;
    }
    if (t == "histogram") {
        return Type::histogram;
    }
    if (t == "summary") {
        return Type::summary;
    }
    return Type::counter;
}

} // namespace

std::string AppMetrics::declare(const std::string& name, const config::MetricCollectorConfig& c) {
    if (name.empty()) {
        return "a collector needs a name";
    }
    if (full_names_.contains(name)) {
        return fmt::format("tried to register existing collector with the name `{}`", name);
    }
    if (c.type != "counter" && c.type != "gauge" && c.type != "histogram" && c.type != "summary") {
        return fmt::format("unknown collector type '{}': expected counter, gauge, histogram or summary",
                           c.type);
    }
    Desc d;
    d.name = full_name(c.namespace_, c.subsystem, name);
    d.help = c.help;
    d.type = type_of(c.type);
    d.labels = c.labels;
    d.buckets = c.buckets;
    d.objectives = c.objectives;
    std::string error = registry_.declare(std::move(d));
    if (error.empty()) {
        full_names_[name] = full_name(c.namespace_, c.subsystem, name);
    }
    return error;
}

bool AppMetrics::unregister(const std::string& name) {
    const auto it = full_names_.find(name);
    if (it == full_names_.end()) {
        return false;
    }
    registry_.unregister(it->second);
    full_names_.erase(it);
    return true;
}

std::string AppMetrics::apply(Op op, const std::string& name, double value,
                              const std::vector<std::string>& labels) {
    const auto it = full_names_.find(name);
    if (it == full_names_.end()) {
        return fmt::format("undefined collector `{}`: declare it first (metrics.Declare or metrics.collect)",
                           name);
    }
    switch (op) {
    case Op::add:
        return registry_.add(it->second, value, labels);
    case Op::sub:
        return registry_.sub(it->second, value, labels);
    case Op::set:
        return registry_.set(it->second, value, labels);
    case Op::observe:
        return registry_.observe(it->second, value, labels);
    }
    return {};
}

namespace {

// JSON members are matched without regard to case, as Go's encoding/json does.
const json::value* member(const json::object& o, std::string_view key) {
    for (const auto& kv : o) {
        const std::string_view k = kv.key();
        if (k.size() == key.size() && std::equal(k.begin(), k.end(), key.begin(), [](char a, char b) {
                return std::tolower(a) == std::tolower(b);
            })) {
            return &kv.value();
        }
    }
    return nullptr;
}

bool number(const json::value* v, double& out) {
    if (v == nullptr || !v->is_number()) {
        return false;
    }
    out = v->to_number<double>();
    return true;
}

// A list of strings (null or absent: none); false when it is something else.
bool strings(const json::value* v, std::vector<std::string>& out) {
    if (v == nullptr || v->is_null()) {
        return true;
    }
    if (!v->is_array()) {
        return false;
    }
    for (const auto& e : v->as_array()) {
        if (!e.is_string()) {
            return false;
        }
        out.emplace_back(e.as_string());
    }
    return true;
}

std::string string_member(const json::object& o, std::string_view key) {
    const json::value* v = member(o, key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The collector of a metrics.Declare call, or an error.
std::string read_collector(const json::object& o, config::MetricCollectorConfig& c) {
    c.namespace_ = string_member(o, "namespace");
    c.subsystem = string_member(o, "subsystem");
    c.type = string_member(o, "type");
    c.help = string_member(o, "help");
    if (!strings(member(o, "labels"), c.labels)) {
        return "collector.labels: expected a list of strings";
    }
    if (const json::value* b = member(o, "buckets"); b != nullptr && !b->is_null()) {
        if (!b->is_array()) {
            return "collector.buckets: expected a list of numbers";
        }
        for (const auto& e : b->as_array()) {
            double d = 0;
            if (!number(&e, d)) {
                return "collector.buckets: expected a list of numbers";
            }
            c.buckets.push_back(d);
        }
    }
    if (const json::value* obj = member(o, "objectives"); obj != nullptr && !obj->is_null()) {
        // Go marshals map[float64]float64 with the quantiles as string keys: {"0.5": 0.05}.
        if (!obj->is_object()) {
            return "collector.objectives: expected {\"quantile\": error} pairs";
        }
        for (const auto& kv : obj->as_object()) {
            double q = 0;
            double e = 0;
            const std::string_view k = kv.key();
            const auto [p, ec] = std::from_chars(k.data(), k.data() + k.size(), q);
            if (ec != std::errc() || p != k.data() + k.size() || !number(&kv.value(), e)) {
                return "collector.objectives: expected {\"quantile\": error} pairs";
            }
            c.objectives.emplace_back(q, e);
        }
    }
    return {};
}

} // namespace

void register_rpc(rpc::Dispatcher& dispatcher, AppMetrics& metrics) {
    dispatcher.add("metrics.Declare", [&metrics](const json::value& arg) -> asio::awaitable<rpc::Reply> {
        const json::object* o = arg.if_object();
        const json::value* c = o != nullptr ? member(*o, "collector") : nullptr;
        if (o == nullptr || c == nullptr || !c->is_object()) {
            co_return rpc::Reply::fail(
                "metrics.Declare: expected {\"name\": ..., \"collector\": {\"type\": ...}}");
        }
        config::MetricCollectorConfig collector;
        std::string error = read_collector(c->as_object(), collector);
        if (error.empty()) {
            error = metrics.declare(string_member(*o, "name"), collector);
        }
        if (!error.empty()) {
            co_return rpc::Reply::fail("metrics.Declare: " + error);
        }
        co_return rpc::Reply::ok(true);
    });
    dispatcher.add("metrics.Unregister", [&metrics](const json::value& arg) -> asio::awaitable<rpc::Reply> {
        if (!arg.is_string()) {
            co_return rpc::Reply::fail("metrics.Unregister: expected the collector's name");
        }
        const bool removed = metrics.unregister(std::string(arg.as_string()));
        co_return rpc::Reply::ok(removed);
    });
    struct Method {
        const char* name;
        AppMetrics::Op op;
    };
    constexpr std::array kMethods = {
        Method{"metrics.Add", AppMetrics::Op::add}, Method{"metrics.Sub", AppMetrics::Op::sub},
        Method{"metrics.Set", AppMetrics::Op::set}, Method{"metrics.Observe", AppMetrics::Op::observe}};
    for (const Method& m : kMethods) {
        dispatcher.add(m.name, [&metrics, m](const json::value& arg) -> asio::awaitable<rpc::Reply> {
            const json::object* o = arg.if_object();
            double value = 0;
            std::vector<std::string> labels;
            if (o == nullptr || !number(member(*o, "value"), value) ||
                !strings(member(*o, "labels"), labels)) {
                co_return rpc::Reply::fail(fmt::format(
                    "{}: expected {{\"name\": ..., \"value\": number, \"labels\": [strings]}}", m.name));
            }
            const std::string error = metrics.apply(m.op, string_member(*o, "name"), value, labels);
            if (!error.empty()) {
                co_return rpc::Reply::fail(fmt::format("{}: {}", m.name, error));
            }
            co_return rpc::Reply::ok(true);
        });
    }
}

} // namespace rr::metrics
