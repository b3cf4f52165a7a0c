// The server's log: spdlog's default logger on stderr.
#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

namespace rr::log {

// Sets up the default logger. `level` is one of: debug, info, warn, error, off.
void init(std::string_view level);

// Logs one line a worker wrote on its stderr.
void worker_line(int pid, std::string_view line);

} // namespace rr::log
