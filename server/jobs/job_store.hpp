// Where a boltdb pipeline keeps its jobs: an LMDB database ("jobs.<pipeline>") in the pipeline's
// file, one record per job (rr-php's jobs.v1.StoredJob) from its push until its ack. A push is
// synced before it returns, so a job whose push was acknowledged survives `kill -9` and is
// delivered again after a restart if it was not acked (at least once). Acks are written in groups
// (with the next push, at flush(), or every kGroupedRemovals): a crash can deliver again the jobs
// acked since the last write, which at-least-once allows, and saves an fsync per job.
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

    ~JobStore();
    JobStore(const JobStore&) = delete;
    JobStore& operator=(const JobStore&) = delete;

    static constexpr std::size_t kGroupedRemovals = 256;

    // Stores `jobs` (and the removals waiting) in one synced transaction.
    void put(const std::vector<const ::jobs::v1::StoredJob*>& jobs);
    // Removes an acked job: with the next write.
    void remove(const std::string& id);
    // Writes the removals waiting.
    void flush();
    // Every job kept, in no particular order.
    std::vector<::jobs::v1::StoredJob> load();
    // Removes the database (jobs.Destroy).
    void drop();

private:
    std::shared_ptr<kv::LmdbEnv> env_;
    MDB_dbi dbi_ = 0;
    std::string file_;
    std::vector<std::string> removed_; // acked, not yet written
};

} // namespace rr::jobs
