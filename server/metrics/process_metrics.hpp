// The standard process_* metrics of the server's master process (CPU seconds, resident and
// virtual memory, open and max file descriptors, start time), read from /proc at each scrape.
#pragma once

#include "server/metrics/registry.hpp"

namespace rr::metrics {

void add_process_metrics(Registry& registry);

} // namespace rr::metrics
