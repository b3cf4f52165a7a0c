// `rr-php serve`: forks the zygote (before any thread exists), then runs the master: listener,
// pool, signals, graceful stop.
#pragma once

#include "server/config/config.hpp"

namespace rr {

// Returns the process exit status.
int serve(const config::Config& cfg);

} // namespace rr
