// The server's logs, configured by RoadRunner's `logs` section: mode (development, production =
// JSON, raw = message only, off), level, encoding, output (stderr, stdout, files), err_output, and
// per-plugin `channels` (server: worker output; http: access logs; rpc; pool).
#pragma once

#include "server/core/log_config.hpp"

#include <spdlog/spdlog.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rr::log {

// Sets up the default logger with `level` (debug, info, warn, error, off), on stderr.
void init(std::string_view level);
// A log output that cannot be opened (the message names it).
class OutputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Sets up the default logger and the channels from the config; throws OutputError when an output
// file cannot be opened.
void init(const LogsConfig& cfg);

// The logger of a plugin channel (the default logger when the channel has no settings of its own).
spdlog::logger& channel(std::string_view name);
// The same, owned: for threads that may log while the event loop sets the logs up again (SIGHUP,
// SIGUSR1) or the process ends.
std::shared_ptr<spdlog::logger> channel_ptr(std::string_view name);

// Structured fields of one log line: JSON members in JSON logs, ` key=value` after the message
// otherwise.
using Fields = std::vector<std::pair<std::string, std::string>>;
void log_fields(spdlog::logger& logger, spdlog::level::level_enum level, std::string_view message,
                const Fields& fields);

// One event that has both a human line and fields: with JSON encoding `message` with `fields` as
// JSON members (the values in their own fields, as RoadRunner's access log), otherwise `text`.
void log_event(spdlog::logger& logger, spdlog::level::level_enum level, std::string_view text,
               std::string_view message, const Fields& fields);

// Logs one line a worker wrote on its stderr (channel "server").
void worker_line(int pid, std::string_view line);

} // namespace rr::log
