// Command line: `rr-php serve WORKER.php [--listen HOST:PORT] [--workers N] [-o key=value] [-d ini=value]`,
// `rr-php --version`, `rr-php --help`.
#pragma once

#include "server/config/config.hpp"

namespace rr::cli {

struct Command {
    enum class Action { exit, serve } action = Action::exit;
    int exit_code = 0;
    config::Config config;
};

// Parses the arguments. For anything but `serve` it prints what it has to (help, version, or one
// error line) and sets `exit_code`.
Command parse(int argc, char** argv);

std::string version_line();

} // namespace rr::cli
