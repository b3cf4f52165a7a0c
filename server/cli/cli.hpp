// Command line, RoadRunner's shape: `rr-php [-c .rr.yaml] [-w DIR] [-o key=value]... [--dotenv FILE]
// [-s] [-p] COMMAND`, with COMMAND one of `serve [WORKER.php] [--listen HOST:PORT] [--workers N]
// [-d ini=value]`, `reset [plugin...]`, `workers [plugin...] [-i]`, `stop [-f]`, `jobs list | pause
// P... | resume P... | destroy P...` (or RR's `jobs --pause P1,P2`); plus `--version`,
// `--help`.
#pragma once

#include "server/config/config.hpp"
#include "server/config/loader.hpp"

#include <functional>
#include <string>
#include <vector>

namespace rr::cli {

// Everything needed to build the config again (SIGHUP re-reads it).
struct Invocation {
    config::Sources sources;
    std::string script;                                   // absolute, from `serve SCRIPT`
    std::vector<std::pair<std::string, std::string>> ini; // serve -d name=value
    // Builds the config from the sources; throws config::ConfigError. `warnings` gets what is ignored.
    config::Config build(std::vector<std::string>& warnings) const;
};

struct Command {
    enum class Action { exit, serve, reset, workers, stop, jobs } action = Action::exit;
    enum class JobsAction { list, pause, resume, destroy } jobs_action = JobsAction::list;
    int exit_code = 0;
    Invocation invocation;
    config::Config config;
    std::vector<std::string> warnings;
    std::vector<std::string> plugins; // reset / workers; jobs: the pipelines
    bool interactive = false;         // workers -i
    bool force = false;               // stop -f
    bool silent = false;              // -s: no start-up and stop messages
    bool pid_file = false;            // -p: write .pid in the working directory
    std::vector<std::string> argv;    // as given, for SIGUSR2's re-exec
    std::string start_dir;            // the directory rr-php was started in
    bool hosted = false;              // run by rr_serve() inside php-cli
};

// Parses the arguments and, for serve, builds the config (chdir-ing into the working directory).
// For help, version and errors it prints what it has to (errors as one line) and sets `exit_code`.
Command parse(int argc, char** argv);

// `hosted`: the server runs inside php-cli (rr_serve()).
std::string version_line(bool hosted = false);

// "rr-php: error: MESSAGE" on stderr.
void error_line(const std::string& msg);

} // namespace rr::cli
