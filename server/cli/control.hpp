// `rr-php reset`, `rr-php workers` (over RPC) and `rr-php stop` (over the .pid file).
#pragma once

#include "server/cli/cli.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <string>

namespace rr::cli {

int run_reset(const Command& cmd);
int run_workers(const Command& cmd);
int run_stop(const Command& cmd);

// `workers -i`'s first line, from a dashboard.State reply: requests/s and latency of the last
// complete second, server errors of the last minute, requests queued.
std::string render_summary(const boost::json::value& state);

// What an RPC command adds to "cannot reach the server's RPC": which config it read (and so which
// rpc.listen), or that it read none and which flag points it at the server.
std::string rpc_hint(const Command& cmd);

// The `workers` table for one plugin, from an informer.Workers reply.
std::string render_workers(const std::string& plugin, const boost::json::value& reply,
                           std::chrono::system_clock::time_point now);

} // namespace rr::cli
