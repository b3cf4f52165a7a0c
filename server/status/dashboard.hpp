// The live dashboard (dashboard.address, off by default): one self-contained page (no external
// script, font or stylesheet) showing each plugin's workers (pid, state, requests, memory, age),
// requests per second, server errors and latency over the last five minutes, and the queue; it
// polls GET /api/state every second. POST /api/reset?plugin=NAME with `X-Rr-Token:
// <dashboard.token>` replaces that plugin's workers (refused without a configured token).
#pragma once

#include "server/http/handler.hpp"
#include "server/http/request_stats.hpp"
#include "server/pool/plugin_pools.hpp"
#include "server/rpc/dispatcher.hpp"

#include <string>

namespace rr::status {

class Dashboard final : public http::Handler {
public:
    Dashboard(pool::PluginPools pools, const http::RequestStats& stats, std::string token)
        : pools_(std::move(pools)), stats_(stats), token_(std::move(token)) {}
    boost::asio::awaitable<void> handle(http::Request& req, const http::ConnectionInfo& info,
                                        http::ResponseWriter& out) override;

    // The JSON of GET /api/state (exposed for tests).
    std::string state_json() const;

private:
    pool::PluginPools pools_;
    const http::RequestStats& stats_;
    std::string token_;
};

// dashboard.State (rr-php): the JSON of GET /api/state, for `rr-php workers -i`.
void register_rpc(rpc::Dispatcher& dispatcher, const Dashboard& dashboard);

} // namespace rr::status
