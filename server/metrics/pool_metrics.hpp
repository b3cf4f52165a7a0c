// The worker-pool gauges RoadRunner exports for each plugin with workers, under the same names so
// existing dashboards work: rr_<plugin>_total_workers, _workers_ready, _workers_working,
// _workers_invalid, _workers_memory_bytes, _worker_memory_bytes{pid}, _worker_state{state,pid}
// (always 0: the state is in the label). Read from the pool at each scrape.
#pragma once

#include "server/metrics/registry.hpp"
#include "server/pool/pool.hpp"

#include <string>

namespace rr::metrics {

// Declares the gauges of `pool` as plugin `plugin` ("http") and refreshes them at each scrape;
// `pool` must outlive `registry`'s scrapes.
void add_pool_metrics(Registry& registry, const std::string& plugin, const pool::Pool& pool);

} // namespace rr::metrics
