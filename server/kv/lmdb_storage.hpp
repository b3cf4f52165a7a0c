// The `boltdb` driver under RoadRunner's keys (file, permissions, bucket, interval), kept in LMDB:
// a durable embedded store made for this, where every write is committed and synced to disk
// before it is acknowledged, so a `kill -9` of the server loses no acknowledged write. The file is
// LMDB's (not BoltDB's format): `file` is the data file, `file-lock` beside it its lock file.
//
// A value is stored as 8 bytes of expiry (Unix nanoseconds, little-endian, 0: none) and the
// bytes. Expired keys are invisible at once and deleted by the sweep every `interval`, a thousand
// per transaction. Storages that name the same file share one LMDB environment (LMDB allows one
// per file and process), each bucket a database of its own.
#pragma once

#include "server/kv/lmdb_env.hpp"
#include "server/kv/storage.hpp"

#include <lmdb.h>

#include <memory>
#include <string>

namespace rr::kv {

struct LmdbOptions {
    std::string file = "rr.db";
    unsigned permissions = 0755;
    std::string bucket = "rr";
    std::chrono::seconds interval{60};
};

class LmdbStorage final : public Storage {
public:
    // Opens (creating) the file; throws kv::Error naming it when that fails.
    explicit LmdbStorage(const LmdbOptions& options);
    ~LmdbStorage() override;
    LmdbStorage(const LmdbStorage&) = delete;
    LmdbStorage& operator=(const LmdbStorage&) = delete;

    std::vector<std::string> has(const std::vector<std::string>& keys) override;
    void set(const std::vector<Item>& items) override;
    std::vector<Item> mget(const std::vector<std::string>& keys) override;
    void mexpire(const std::vector<Item>& items) override;
    std::vector<Item> ttl(const std::vector<std::string>& keys) override;
    void remove(const std::vector<std::string>& keys) override;
    void clear() override;
    bool blocking() const override { return true; }
    size_t maintain() override;
    std::chrono::seconds maintenance_interval() const override { return options_.interval; }

    // The number of entries stored, expired ones included until the sweep deletes them.
    size_t entries();

private:
    class Txn;
    LmdbOptions options_;
    std::shared_ptr<LmdbEnv> env_; // shared with the other storages (and job pipelines) of this file
    MDB_dbi dbi_ = 0;
};

} // namespace rr::kv
