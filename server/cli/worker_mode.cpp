#include "worker_mode.hpp"

#include <fstream>
#include <iterator>

namespace rr::cli {

using config::ConfigError;
using config::WorkerMode;

bool calls_worker_api(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return text.find("rr_handle_request") != std::string::npos ||
           text.find("frankenphp_handle_request") != std::string::npos;
}

namespace {

// http.pool.dispatch: direct: the workers serve HTTP/1.1 (and HTTPS) themselves, so what only the
// master does (h2c, FastCGI, middleware, access logs, exec_ttl) cannot be asked for beside it.
void check_direct_dispatch(const config::Config& cfg, WorkerMode mode) {
    const auto refuse = [](const std::string& what) {
        throw ConfigError("http.pool.dispatch: 'direct' cannot be combined with " + what +
                          ": in direct mode the workers serve HTTP/1.1 themselves (use 'master')");
    };
    if (mode == WorkerMode::exec) {
        refuse("exec'd workers (direct mode runs embedded workers: rr_handle_request() scripts, stock "
               "RoadRunner scripts with http.pool.mode: embed, and classic mode)");
    }
    const auto& http = cfg.http;
    if (http.address.empty() && !http.ssl.enabled) {
        refuse("an empty http.address");
    }
    if (http.http2.h2c) {
        refuse("http.http2.h2c");
    }
    if (http.fcgi.enabled) {
        refuse("http.fcgi");
    }
    if (!http.middleware.empty()) {
        refuse("http.middleware");
    }
    if (http.access_logs) {
        refuse("http.access_logs");
    }
    if (http.pool.supervisor.exec_ttl.count() > 0) {
        refuse("http.pool.supervisor.exec_ttl (use max_execution_time)");
    }
    if (http.pool.debug) {
        refuse("http.pool.debug");
    }
    if (http.address.rfind("unix://", 0) == 0) {
        refuse("a unix socket http.address");
    }
}

WorkerMode decide(const config::Config& cfg, const std::string& script) {
    const config::PoolConfig& pool = cfg.http.pool;
    if (cfg.http.classic.enabled) {
        if (!script.empty()) {
            throw ConfigError(
                "--root (classic mode) and a worker script exclude each other: give one of them");
        }
        if (pool.codec == "proto") {
            throw ConfigError("http.pool.codec: 'proto' is for goridge workers; classic mode (http.classic) "
                              "runs embedded workers with the JSON context");
        }
        if (pool.mode == "exec") {
            throw ConfigError(
                "http.pool.mode: 'exec' cannot serve http.classic: classic mode runs embedded workers");
        }
        return WorkerMode::classic;
    }
    const auto& command = pool.command.empty() ? cfg.server.command : pool.command;
    WorkerMode mode = WorkerMode::embed;
    if (!script.empty()) {
        mode = WorkerMode::embed;
    } else if (pool.mode == "exec" ||
               (pool.mode.empty() && !command.empty() && !config::is_php_binary(command[0]))) {
        mode = WorkerMode::exec;
    } else if (!cfg.script.empty() && !calls_worker_api(cfg.script)) {
        // Its channel is then STDIN/STDOUT, embedded when the config asks for embed mode.
        mode = pool.mode.empty() ? WorkerMode::exec : WorkerMode::embed_goridge;
    }
    if (pool.codec == "proto" && !config::speaks_goridge(mode)) {
        throw ConfigError("http.pool.codec: 'proto' is for goridge workers (exec'd, or stock RoadRunner "
                          "scripts embedded); rr_handle_request() workers always get the JSON context");
    }
    return mode;
}

} // namespace

WorkerMode decide_worker_mode(const config::Config& cfg, const std::string& script) {
    const WorkerMode mode = decide(cfg, script);
    if (cfg.http.pool.dispatch == "direct") {
        check_direct_dispatch(cfg, mode);
    }
    return mode;
}

} // namespace rr::cli
