#include "services.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <charconv>

namespace rr::rpc {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

json::array plugin_names(const pool::PluginPools& pools) {
    json::array names;
    for (const auto& [name, p] : pools) {
        names.emplace_back(name);
    }
    return names;
}

// The pool of the plugin named by the argument RR's clients send ("http"); nullptr with `err` otherwise.
pool::Pool* plugin_arg(const pool::PluginPools& pools, const json::value& arg, const std::string& method,
                       Reply& err) {
    if (!arg.is_string()) {
        err = Reply::fail(fmt::format("{}: expected a plugin name such as \"http\"", method));
        return nullptr;
    }
    const std::string name(arg.as_string());
    pool::Pool* p = pool::find_plugin(pools, name);
    if (p == nullptr) {
        std::string all;
        for (const auto& [n, unused] : pools) {
            all.append(all.empty() ? "" : ", ").append(n);
        }
        err = Reply::fail(fmt::format("{}: no plugin named '{}' has workers (plugins with workers: {})",
                                      method, name, all));
    }
    return p;
}

json::value scalar_to_json(const YAML::Node& n) {
    const std::string& s = n.Scalar();
    if (n.Tag() == "!") { // quoted: always a string
        return json::value(s);
    }
    if (s == "true" || s == "false") {
        return json::value(s == "true");
    }
    if (s.empty() || s == "~" || s == "null") {
        return nullptr;
    }
    int64_t i = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
    if (ec == std::errc() && p == s.data() + s.size()) {
        return json::value(i);
    }
    double d = 0;
    auto [p2, ec2] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec2 == std::errc() && p2 == s.data() + s.size()) {
        return json::value(d);
    }
    return json::value(s);
}

} // namespace

json::value yaml_to_json(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) {
        return nullptr;
    }
    if (node.IsScalar()) {
        return scalar_to_json(node);
    }
    if (node.IsSequence()) {
        json::array a;
        for (const auto& e : node) {
            a.push_back(yaml_to_json(e));
        }
        return a;
    }
    json::object o;
    for (const auto& kv : node) {
        o[kv.first.Scalar()] = yaml_to_json(kv.second);
    }
    return o;
}

std::string base64(std::string_view data) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        const uint32_t v = (uint32_t{static_cast<uint8_t>(data[i])} << 16) |
                           (uint32_t{static_cast<uint8_t>(data[i + 1])} << 8) |
                           static_cast<uint8_t>(data[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (i < data.size()) {
        uint32_t v = uint32_t{static_cast<uint8_t>(data[i])} << 16;
        if (i + 1 < data.size()) {
            v |= uint32_t{static_cast<uint8_t>(data[i + 1])} << 8;
        }
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < data.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

json::value workers_reply(const std::vector<pool::Pool::WorkerInfo>& workers) {
    json::array list;
    for (const auto& w : workers) {
        list.push_back(json::object{
            {"pid", w.pid},
            {"status", static_cast<int>(w.state)},
            {"numExecs", w.execs},
            {"created", w.created_ns},
            {"memoryUsage", w.memory},
            {"CPUPercent", w.cpu_percent},
            {"command", w.command},
            {"statusStr", pool::state_name(w.state)},
        });
    }
    return json::object{{"workers", std::move(list)}};
}

void register_services(Dispatcher& server, pool::PluginPools pools,
                       std::function<const config::Config&()> config) {
    for (const char* list : {"informer.List", "resetter.List"}) {
        server.add(list, [pools](const json::value&) -> asio::awaitable<Reply> {
            co_return Reply::ok(plugin_names(pools));
        });
    }
    server.add("informer.Workers", [pools](const json::value& arg) -> asio::awaitable<Reply> {
        Reply err;
        pool::Pool* p = plugin_arg(pools, arg, "informer.Workers", err);
        co_return p == nullptr ? err : Reply::ok(workers_reply(p->info()));
    });
    server.add("informer.AddWorker", [pools](const json::value& arg) -> asio::awaitable<Reply> {
        Reply err;
        pool::Pool* p = plugin_arg(pools, arg, "informer.AddWorker", err);
        if (p != nullptr) {
            p->add_worker();
        }
        co_return p == nullptr ? err : Reply::ok(true);
    });
    server.add("informer.RemoveWorker", [pools](const json::value& arg) -> asio::awaitable<Reply> {
        Reply err;
        pool::Pool* p = plugin_arg(pools, arg, "informer.RemoveWorker", err);
        if (p != nullptr) {
            p->remove_worker();
        }
        co_return p == nullptr ? err : Reply::ok(true);
    });
    server.add("resetter.Reset", [pools](const json::value& arg) -> asio::awaitable<Reply> {
        Reply err;
        pool::Pool* p = plugin_arg(pools, arg, "resetter.Reset", err);
        if (p == nullptr) {
            co_return err;
        }
        std::string why;
        const bool ok = co_await p->reset(why);
        co_return ok ? Reply::ok(true) : Reply::fail("resetter.Reset: " + why);
    });
    server.add("rpc.Version", [](const json::value&) -> asio::awaitable<Reply> {
        co_return Reply::ok(json::value(RR_PHP_VERSION));
    });
    server.add("rpc.Config", [config](const json::value&) -> asio::awaitable<Reply> {
        // RR returns the config as JSON bytes, which its JSON codec turns into a base64 string.
        co_return Reply::ok(json::value(base64(json::serialize(yaml_to_json(config().tree)))));
    });
}

} // namespace rr::rpc
