// `rr-php serve`: forks the zygote (before any thread starts), then runs the master: listener,
// pool, RPC, signals (graceful stop, SIGHUP reload), and stops cleanly.
#pragma once

#include "server/cli/cli.hpp"

namespace rr {

// Returns the process exit status.
int serve(const cli::Command& cmd);

} // namespace rr
