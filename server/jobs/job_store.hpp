// Where a boltdb pipeline keeps its jobs: an LMDB database ("jobs.<pipeline>") in the pipeline's
// file, one record per job (rr-php's jobs.v1.StoredJob) from its push until its ack. Every write is
// synced before it returns, so a job whose push was acknowledged survives `kill -9` and is
// delivered again after a restart if it was not acked (at least once).
#pragma once

#include "jobs.pb.h"
#include "server/kv/lmdb_env.hpp"

#include <memory>
#include <string>
#include <vector>

namespace rr::jobs {

class JobStore {
public:
    // Opens (creating) the pipeline's database in `file`; throws kv::Error naming it.
    JobStore(const std::string& file, unsigned permissions, const std::string& pipeline);

    void put(const std::vector<const ::jobs::v1::StoredJob*>& jobs);
    void remove(const std::string& id);
    // Every job kept, in no particular order.
    std::vector<::jobs::v1::StoredJob> load();
    // Removes the database (jobs.Destroy).
    void drop();

private:
    std::shared_ptr<kv::LmdbEnv> env_;
    MDB_dbi dbi_ = 0;
    std::string file_;
};

} // namespace rr::jobs
