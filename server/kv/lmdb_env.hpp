// One LMDB file opened once per process: LMDB allows a single environment per file and process
// (a second one would reset the lock table under the first), so the kv boltdb storages and the
// boltdb job pipelines that name the same file share it, each with databases of its own.
#pragma once

#include <lmdb.h>

#include <memory>
#include <string>

namespace rr::kv {

struct LmdbEnv {
    MDB_env* env = nullptr;
    LmdbEnv() = default;
    LmdbEnv(const LmdbEnv&) = delete;
    LmdbEnv& operator=(const LmdbEnv&) = delete;
    ~LmdbEnv();
};

// The environment of `file` (created with `permissions` when missing), opened on first use and
// closed when its last user lets go. Throws kv::Error naming the file when it cannot open. Called
// on the master's thread only.
std::shared_ptr<LmdbEnv> open_lmdb(const std::string& file, unsigned permissions);

} // namespace rr::kv
