// The zygote: started from the master before any thread exists, it starts PHP's module once
// (opcache's shared memory included) and then only forks embed workers on request and reports
// their exits. Being single-threaded, it is safe to fork; the multi-threaded master is not.
#pragma once

#include "goridge-compat/zygote_options.hpp"

namespace rr::sapi {

// Runs the zygote on `control_fd` (a SOCK_SEQPACKET socket to the master); returns its exit status.
int zygote_main(int control_fd, const zygote::Options& options);

// The same, forked from a php-cli that runs rr_serve(): PHP is adopted from the host (see
// adopt_host_php) instead of started.
int hosted_zygote_main(int control_fd, const zygote::Options& options);

} // namespace rr::sapi
