// `rr-php jobs`: RoadRunner's jobs commands over RPC — list the pipelines with their counters, pause,
// resume or destroy some. RR's flag spelling (`--list`, `--pause p1,p2`, `--resume`, `--destroy`)
// and words (`list`, `pause P...`, `resume P...`, `destroy P...`) both work.
#pragma once

#include "jobs.pb.h"
#include "server/cli/cli.hpp"

#include <string>

namespace rr::cli {

int run_jobs(const Command& cmd);

// The pipelines table, from a jobs.Stat reply.
std::string render_pipelines(const ::jobs::v1::Stats& stats);

} // namespace rr::cli
