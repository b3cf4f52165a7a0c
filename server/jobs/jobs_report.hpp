// What the jobs plugin tells outside its RPC: the status plugin's /jobs text and the rr_jobs_*
// metrics (RoadRunner's names; per pipeline here).
#pragma once

#include "server/jobs/jobs.hpp"
#include "server/metrics/registry.hpp"

#include <string>

namespace rr::jobs {

// /jobs: a line per pipeline, as RoadRunner's status plugin writes them.
std::string status_text(const ::jobs::v1::Stats& stats);

// rr_jobs_push_ok, rr_jobs_push_err, rr_jobs_jobs_ok, rr_jobs_jobs_err, rr_jobs_requests_total
// (counters, label `pipeline`) and the queue gauges rr_jobs_pipeline_active / _delayed / _reserved
// (labels `pipeline`, `driver`), refreshed at each scrape from `jobs`; the histogram
// rr_jobs_push_latency (labels `driver`, `job`, `source` = "rpc"), observed at each push.
void add_metrics(metrics::Registry& registry, Jobs& jobs);

} // namespace rr::jobs
