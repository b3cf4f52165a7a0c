// The one place that decides how the pool's workers run (config::WorkerMode), from the config and
// the command line. Throws config::ConfigError for combinations that cannot run.
#pragma once

#include "server/config/config.hpp"

#include <string>

namespace rr::cli {

// `script`: the `serve SCRIPT` argument (empty when none). The rules:
// - http.classic → classic (no worker script, no exec, no proto codec);
// - `serve SCRIPT` → embed, whatever the config's command says;
// - http.pool.mode exec, or no mode and a command that is not php → exec;
// - a php script that never calls rr_handle_request() is a stock RoadRunner worker: exec as RoadRunner
//   runs it, or embed_goridge when http.pool.mode says embed;
// - else embed.
// The proto codec needs goridge workers (exec, embed_goridge).
config::WorkerMode decide_worker_mode(const config::Config& cfg, const std::string& script);

// Whether a worker script uses rr-php's worker API (else it speaks goridge itself, or it is no
// worker at all).
bool calls_worker_api(const std::string& path);

} // namespace rr::cli
