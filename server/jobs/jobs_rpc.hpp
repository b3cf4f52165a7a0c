// The jobs.* RPC methods as spiral/roadrunner-jobs calls them, all with the proto codec (jobs.v1):
// Push, PushBatch, Pause, Resume, List, Declare, Destroy, Stat.
#pragma once

#include "server/jobs/jobs.hpp"
#include "server/rpc/dispatcher.hpp"

namespace rr::jobs {

void register_rpc(rpc::Dispatcher& dispatcher, Jobs& jobs);

} // namespace rr::jobs
