#include "status.hpp"

#include "goridge-compat/form.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>

namespace rr::status {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view kShuttingDown = "service is shutting down";
constexpr std::string_view kUnavailable = "internal server error, see logs";

json::value rpc_result(int code, const std::string& message) {
    json::object o;
    o["code"] = code;
    o["message"] = message;
    return o;
}

} // namespace

std::vector<std::string> query_values(std::string_view target, std::string_view name) {
    std::vector<std::string> out;
    const auto q = target.find('?');
    if (q == std::string_view::npos) {
        return out;
    }
    std::string_view rest = target.substr(q + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        const auto eq = pair.find('=');
        if (goridge::form_unescape(pair.substr(0, eq)) == name && eq != std::string_view::npos) {
            out.push_back(goridge::form_unescape(pair.substr(eq + 1)));
        }
    }
    return out;
}

std::string reports_json(const std::vector<Report>& reports) {
    json::array a;
    for (const auto& r : reports) {
        json::object o;
        o["plugin_name"] = r.plugin;
        o["error_message"] = r.error;
        o["status_code"] = r.code;
        a.push_back(std::move(o));
    }
    return json::serialize(a);
}

std::vector<Report> Plugins::check(Check what, const std::vector<std::string>& names) const {
    // Names of plugins without workers are skipped, as RoadRunner does.
    std::vector<Report> reports;
    for (const auto& [name, pool] : pools_) {
        if (!names.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
            continue;
        }
        bool ok = false;
        for (const auto& w : pool->workers()) {
            const auto st = w->state();
            ok = ok || st == pool::WorkerState::ready ||
                 (what == Check::health && st == pool::WorkerState::working);
        }
        reports.push_back(ok ? Report{name, "", 200}
                             : Report{name, std::string(kUnavailable), static_cast<int>(unavailable_)});
    }
    return reports;
}

asio::awaitable<void> Handler::handle(http::Request& req, const http::ConnectionInfo&,
                                      http::ResponseWriter& out) {
    const std::string_view target = req.target;
    const std::string_view path = target.substr(0, target.find('?'));
    if (req.method != "GET" && req.method != "HEAD") {
        co_await http::respond_text(out, 405, "method not allowed\n", http::one_header("Allow", "GET, HEAD"));
        co_return;
    }
    const int unavailable = static_cast<int>(unavailable_);
    if (path == "/jobs") {
        if (stopping_() || !jobs_report_) {
            co_await http::respond_text(out, unavailable,
                                        stopping_() ? kShuttingDown : "jobs plugin not found");
        } else {
            const std::string text = jobs_report_();
            co_await http::respond_text(out, 200, text);
        }
        co_return;
    }
    if (path != "/health" && path != "/ready") {
        co_await http::respond_text(out, 404,
                                    "not found: the status endpoints are /health, /ready and /jobs\n");
        co_return;
    }
    const Check what = path == "/health" ? Check::health : Check::ready;
    if (stopping_()) {
        // Liveness holds while the server finishes its requests; readiness does not.
        co_await http::respond_text(out, what == Check::health ? 200 : unavailable, kShuttingDown);
        co_return;
    }
    const std::vector<Report> reports = plugins_.check(what, query_values(target, "plugin"));
    int code = 200;
    for (const auto& r : reports) {
        code = r.code != 200 ? r.code : code;
    }
    const std::string body = reports_json(reports);
    goridge::HeaderList headers = http::one_header("Content-Type", "application/json");
    out.start(code, headers, body.size(), false);
    co_await out.body(body, {}, true);
    co_await out.finish({});
}

void register_rpc(rpc::Dispatcher& dispatcher, const Plugins& plugins) {
    for (const auto& [method, what] :
         {std::pair{"status.Status", Check::health}, std::pair{"status.Ready", Check::ready}}) {
        dispatcher.add(method,
                       [&plugins, what,
                        method = std::string(method)](const json::value& arg) -> asio::awaitable<rpc::Reply> {
                           const json::object* o = arg.if_object();
                           const json::value* p = o != nullptr ? o->if_contains("plugin") : nullptr;
                           if (p == nullptr || !p->is_string()) {
                               co_return rpc::Reply::fail(method + ": expected {\"plugin\": \"http\"}");
                           }
                           const std::string name(p->as_string());
                           const auto reports = plugins.check(what, {name});
                           if (reports.empty()) {
                               co_return rpc::Reply::fail(method + ": no plugin named '" + name +
                                                          "' has a status");
                           }
                           co_return rpc::Reply::ok(rpc_result(reports[0].code, reports[0].error));
                       });
    }
}

} // namespace rr::status
