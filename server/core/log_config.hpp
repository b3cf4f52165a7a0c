// RoadRunner's `logs` section as the logger takes it (server/config reads it from the YAML).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace rr::log {

struct LogConfig {
    std::string mode = "development";             // development, production (JSON), raw (message only), off
    std::string level = "info";                   // debug, info, warn, error (RR: debug; see README)
    std::string encoding = "console";             // console or json
    std::vector<std::string> output = {"stderr"}; // stderr, stdout or file paths
    std::vector<std::string> err_output = {"stderr"}; // where the logger's own failures go
    // RR's file_logger_options: a log file rotated by size (on top of `output`).
    struct FileRotation {
        std::string path; // log_output; empty: none
        uint64_t max_size_mb = 100;
        unsigned max_backups = 0; // 0: RR's "keep them all" (rr-php keeps 1000)
    } rotation;
};

struct LogsConfig {
    LogConfig base;
    std::map<std::string, LogConfig> channels; // per plugin: server, http, rpc, pool
};

} // namespace rr::log
