// `rr-php serve`: forks the zygote (before any thread starts), then runs the master: listener,
// pool, RPC, signals (graceful stop, SIGHUP reload), and stops cleanly.
#pragma once

#include "goridge-compat/zygote_options.hpp"
#include "server/cli/cli.hpp"

namespace rr {

// What a forked zygote process runs: it starts PHP and forks embed workers on the master's requests
// over `control_fd` (goridge-compat/zygote_protocol.hpp), and returns its exit status. The rr-php
// binary gives sapi::zygote_main; the server itself does not depend on the SAPI.
using ZygoteMain = int (*)(int control_fd, const zygote::Options& options);

// Returns the process exit status.
int serve(const cli::Command& cmd, ZygoteMain zygote_main);

} // namespace rr
