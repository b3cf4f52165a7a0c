// RoadRunner's status plugin: `GET /health`, `/ready` and `/jobs` on `status.address`, for load
// balancers and Kubernetes probes, and the RPC methods status.Status and status.Ready.
//
// /health?plugin=http: 200 when the plugin has a worker that is ready or working; /ready: 200 when
// one is ready (idle). Otherwise `unavailable_status_code` (503). The body is a JSON array of
// {plugin_name, error_message, status_code}; `plugin` may repeat, unknown names are skipped, no
// plugin means all. While the server stops gracefully /health stays 200 and /ready (and /jobs)
// answer the unavailable code, both with the text "service is shutting down".
#pragma once

#include "server/config/config.hpp"
#include "server/http/handler.hpp"
#include "server/pool/plugin_pools.hpp"
#include "server/rpc/dispatcher.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace rr::status {

enum class Check { health, ready };

// One plugin's answer.
struct Report {
    std::string plugin;
    std::string error; // empty when fine
    int code = 200;
};

// The plugins that have workers, by name ("http", "jobs").
class Plugins {
public:
    Plugins(pool::PluginPools pools, unsigned unavailable_code)
        : pools_(std::move(pools)), unavailable_(unavailable_code) {}
    // Reports for `names` (all plugins when empty; unknown names skipped).
    std::vector<Report> check(Check what, const std::vector<std::string>& names) const;

private:
    pool::PluginPools pools_;
    unsigned unavailable_;
};

class Handler final : public http::Handler {
public:
    // `stopping` tells whether the server is stopping gracefully; `jobs_report` gives /jobs' text (a
    // line per pipeline), empty when there is no jobs plugin.
    Handler(const Plugins& plugins, unsigned unavailable_code, std::function<bool()> stopping,
            std::function<std::string()> jobs_report)
        : plugins_(plugins), unavailable_(unavailable_code), stopping_(std::move(stopping)),
          jobs_report_(std::move(jobs_report)) {}
    boost::asio::awaitable<void> handle(http::Request& req, const http::ConnectionInfo& info,
                                        http::ResponseWriter& out) override;

private:
    const Plugins& plugins_;
    unsigned unavailable_;
    std::function<bool()> stopping_;
    std::function<std::string()> jobs_report_;
};

// The values of the query parameter `name` in a request target ("/health?plugin=http&plugin=rpc").
std::vector<std::string> query_values(std::string_view target, std::string_view name);
// The JSON body RR gives: [{"plugin_name":...,"error_message":...,"status_code":...}].
std::string reports_json(const std::vector<Report>& reports);

// status.Status and status.Ready: {"plugin":"http"} -> {"code":200,"message":""}.
void register_rpc(rpc::Dispatcher& dispatcher, const Plugins& plugins);

} // namespace rr::status
