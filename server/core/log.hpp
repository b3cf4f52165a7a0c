// The server's logs, configured by RoadRunner's `logs` section: mode (development, production =
// JSON, raw = message only, off), level, encoding, output (stderr, stdout, files), err_output, and
// per-plugin `channels` (server: worker output; http: access logs; rpc; pool).
#pragma once

#include "server/config/config.hpp"

#include <spdlog/spdlog.h>

#include <memory>
#include <string_view>

namespace rr::log {

// Sets up the default logger with `level` (debug, info, warn, error, off), on stderr.
void init(std::string_view level);
// Sets up the default logger and the channels from the config; throws config::ConfigError when an
// output file cannot be opened.
void init(const config::LogsConfig& cfg);

// The logger of a plugin channel (the default logger when the channel has no settings of its own).
spdlog::logger& channel(std::string_view name);

// Logs one line a worker wrote on its stderr (channel "server").
void worker_line(int pid, std::string_view line);

} // namespace rr::log
