#include "dashboard.hpp"

#include "server/status/dashboard_page.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>

namespace rr::status {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

const char* shown_state(pool::WorkerState s) {
    switch (s) {
    case pool::WorkerState::ready:
        return "ready";
    case pool::WorkerState::working:
        return "working";
    case pool::WorkerState::invalid:
        return "leaving";
    case pool::WorkerState::stopping:
    case pool::WorkerState::stopped:
        return "stopping";
    case pool::WorkerState::inactive:
        return "starting";
    default:
        return "other";
    }
}

asio::awaitable<void> respond(http::ResponseWriter& out, int status, std::string_view type,
                              std::string_view body) {
    goridge::HeaderList h{{"Content-Type", {std::string(type)}}, {"Cache-Control", {"no-store"}}};
    out.start(status, h, body.size());
    co_await out.body(body, {}, true);
}

} // namespace

std::string Dashboard::state_json() const {
    json::object root;
    const auto now = static_cast<int64_t>(std::time(nullptr));
    root["time"] = now;
    json::array plugins;
    for (const auto& [name, pool] : pools_) {
        json::object p;
        p["name"] = name;
        p["queue"] = pool->waiting();
        json::array workers;
        for (const auto& w : pool->info()) {
            json::object o;
            o["pid"] = w.pid;
            o["state"] = shown_state(w.state);
            o["requests"] = w.execs;
            o["memory"] = w.memory;
            o["age_s"] = w.created_ns > 0 ? now - w.created_ns / 1000000000 : 0;
            o["cpu"] = w.cpu_percent;
            workers.push_back(std::move(o));
        }
        p["workers"] = std::move(workers);
        plugins.push_back(std::move(p));
    }
    root["plugins"] = std::move(plugins);
    std::string out = json::serialize(root);
    out.pop_back(); // the history is already JSON text
    out += ",\"history\":" + stats_.history_json(300) + "}";
    return out;
}

asio::awaitable<void> Dashboard::handle(http::Request& req, const http::ConnectionInfo& info,
                                        http::ResponseWriter& out) {
    const std::string_view target = req.target;
    const std::string_view path = target.substr(0, target.find('?'));
    if (path == "/" && (req.method == "GET" || req.method == "HEAD")) {
        co_await respond(out, 200, "text/html; charset=utf-8", kDashboardPage);
        co_return;
    }
    if (path == "/api/state" && (req.method == "GET" || req.method == "HEAD")) {
        co_await respond(out, 200, "application/json", state_json());
        co_return;
    }
    if (path == "/api/reset") {
        if (req.method != "POST") {
            co_await http::respond_text(out, 405, "method not allowed\n", http::one_header("Allow", "POST"));
            co_return;
        }
        if (token_.empty()) {
            co_await http::respond_text(out, 403, "reset is off: set dashboard.token to allow it\n");
            co_return;
        }
        if (req.header("X-Rr-Token") != token_) {
            spdlog::warn("dashboard: a reset from {} with a wrong token was refused", info.remote_ip);
            co_await http::respond_text(out, 401, "wrong or missing X-Rr-Token\n");
            co_return;
        }
        const auto q = target.find("plugin=");
        std::string name = q == std::string_view::npos ? "http" : std::string(target.substr(q + 7));
        name = name.substr(0, name.find('&'));
        pool::Pool* p = pool::find_plugin(pools_, name);
        if (p == nullptr) {
            co_await http::respond_text(out, 404, "no plugin named " + name + "\n");
            co_return;
        }
        spdlog::info("dashboard: {} asked to reset the {} workers", info.remote_ip, name);
        std::string error;
        const bool ok = co_await p->reset(error);
        if (ok) {
            co_await respond(out, 200, "application/json", "{\"reset\":\"" + name + "\"}");
        } else {
            co_await http::respond_text(out, 500, "reset failed: " + error + "\n");
        }
        co_return;
    }
    co_await http::respond_text(out, 404, "not found: the dashboard is /, its data /api/state\n");
}

void register_rpc(rpc::Dispatcher& dispatcher, const Dashboard& dashboard) {
    dispatcher.add("dashboard.State", [&dashboard](const json::value&) -> asio::awaitable<rpc::Reply> {
        co_return rpc::Reply::ok(json::parse(dashboard.state_json()));
    });
}

} // namespace rr::status
