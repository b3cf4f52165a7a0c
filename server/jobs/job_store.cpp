#include "server/jobs/job_store.hpp"

#include "server/kv/storage.hpp"

#include <fmt/format.h>

namespace rr::jobs {

namespace {

// One write transaction, aborted unless committed.
class WriteTxn {
public:
    WriteTxn(MDB_env* env, const std::string& file) : file_(file) {
        check("begin", mdb_txn_begin(env, nullptr, 0, &txn_));
    }
    ~WriteTxn() {
        if (txn_ != nullptr) {
            mdb_txn_abort(txn_);
        }
    }
    WriteTxn(const WriteTxn&) = delete;
    WriteTxn& operator=(const WriteTxn&) = delete;
    MDB_txn* get() { return txn_; }
    void check(const char* what, int rc) const {
        if (rc != MDB_SUCCESS) {
            throw kv::Error(fmt::format("{}: {}: {}", file_, what, mdb_strerror(rc)));
        }
    }
    void commit() {
        MDB_txn* t = txn_;
        txn_ = nullptr;
        check("commit", mdb_txn_commit(t));
    }

private:
    MDB_txn* txn_ = nullptr;
    std::string file_;
};

MDB_val val(std::string_view s) {
    return MDB_val{s.size(), const_cast<char*>(s.data())};
}

} // namespace

JobStore::JobStore(const std::string& file, unsigned permissions, const std::string& pipeline)
    : env_(kv::open_lmdb(file, permissions)), file_(file) {
    WriteTxn txn(env_->env, file_);
    const std::string name = "jobs." + pipeline;
    txn.check("open the pipeline's database", mdb_dbi_open(txn.get(), name.c_str(), MDB_CREATE, &dbi_));
    txn.commit();
}

JobStore::~JobStore() {
    try {
        flush();
    } catch (const kv::Error&) {
        // the jobs acked last are delivered again after a restart
    }
}

void JobStore::put(const std::vector<const ::jobs::v1::StoredJob*>& jobs) {
    WriteTxn txn(env_->env, file_);
    for (const auto& id : removed_) { // first: an acked id may be pushed again
        MDB_val k = val(id);
        const int rc = mdb_del(txn.get(), dbi_, &k, nullptr);
        if (rc != MDB_NOTFOUND) {
            txn.check("delete a job", rc);
        }
    }
    for (const auto* j : jobs) {
        const std::string bytes = j->SerializeAsString();
        MDB_val k = val(j->job().id());
        MDB_val v = val(bytes);
        txn.check("store a job", mdb_put(txn.get(), dbi_, &k, &v, 0));
    }
    txn.commit();
    removed_.clear();
}

void JobStore::remove(const std::string& id) {
    removed_.push_back(id);
    if (removed_.size() >= kGroupedRemovals) {
        try {
            flush();
        } catch (const kv::Error&) {
            // kept for the next write; meanwhile they would only be delivered again
        }
    }
}

void JobStore::flush() {
    if (!removed_.empty()) {
        put({});
    }
}

std::vector<::jobs::v1::StoredJob> JobStore::load() {
    std::vector<::jobs::v1::StoredJob> out;
    MDB_txn* txn = nullptr;
    if (mdb_txn_begin(env_->env, nullptr, MDB_RDONLY, &txn) != MDB_SUCCESS) {
        throw kv::Error(fmt::format("{}: cannot read the jobs", file_));
    }
    MDB_cursor* cursor = nullptr;
    if (mdb_cursor_open(txn, dbi_, &cursor) == MDB_SUCCESS) {
        MDB_val k;
        MDB_val v;
        for (int rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST); rc == MDB_SUCCESS;
             rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
            ::jobs::v1::StoredJob j;
            if (j.ParseFromArray(v.mv_data, static_cast<int>(v.mv_size))) {
                out.push_back(std::move(j));
            }
        }
        mdb_cursor_close(cursor);
    }
    mdb_txn_abort(txn);
    return out;
}

void JobStore::drop() {
    removed_.clear();
    WriteTxn txn(env_->env, file_);
    txn.check("drop the pipeline", mdb_drop(txn.get(), dbi_, 1));
    txn.commit();
}

} // namespace rr::jobs
