#include "server/kv/lmdb_storage.hpp"

#include "server/kv/lmdb_env.hpp"

#include <fmt/format.h>

#include <cstring>
#include <filesystem>
#include <map>

namespace rr::kv {

namespace {

constexpr size_t kHeader = 8;

[[noreturn]] void fail(const std::string& what, int rc) {
    throw Error(fmt::format("{}: {}", what,
                            rc == MDB_BAD_VALSIZE ? "key empty or longer than 511 bytes" : mdb_strerror(rc)));
}

void check(const char* what, int rc) {
    if (rc != MDB_SUCCESS) {
        fail(what, rc);
    }
}

int64_t to_ns(const Expiry& e) {
    if (!e) {
        return 0;
    }
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(e->time_since_epoch()).count();
    return ns == 0 ? 1 : ns; // 0 means "none"; the epoch itself is long past anyway
}

Expiry from_ns(int64_t ns) {
    if (ns == 0) {
        return std::nullopt;
    }
    return Clock::time_point(std::chrono::duration_cast<Clock::duration>(std::chrono::nanoseconds(ns)));
}

std::string encode(const Item& item) {
    std::string out(kHeader + item.value.size(), '\0');
    uint64_t ns = static_cast<uint64_t>(to_ns(item.expiry));
    for (size_t i = 0; i < kHeader; ++i) {
        out[i] = static_cast<char>((ns >> (8 * i)) & 0xff);
    }
    std::memcpy(out.data() + kHeader, item.value.data(), item.value.size());
    return out;
}

struct Stored {
    Expiry expiry;
    std::string_view value;
};

Stored decode(const MDB_val& v) {
    if (v.mv_size < kHeader) {
        return {std::nullopt, {}};
    }
    const auto* p = static_cast<const unsigned char*>(v.mv_data);
    uint64_t ns = 0;
    for (size_t i = 0; i < kHeader; ++i) {
        ns |= uint64_t(p[i]) << (8 * i);
    }
    return {from_ns(static_cast<int64_t>(ns)),
            std::string_view(static_cast<const char*>(v.mv_data) + kHeader, v.mv_size - kHeader)};
}

bool expired(const Stored& s, Clock::time_point now) {
    return s.expiry && *s.expiry <= now;
}

MDB_val val(std::string_view s) {
    return MDB_val{s.size(), const_cast<char*>(s.data())};
}

} // namespace

// One LMDB transaction, aborted unless committed.
class LmdbStorage::Txn {
public:
    Txn(MDB_env* env, MDB_dbi dbi, bool write) : dbi_(dbi) {
        check("begin a transaction", mdb_txn_begin(env, nullptr, write ? 0 : MDB_RDONLY, &txn_));
    }
    ~Txn() {
        if (txn_ != nullptr) {
            mdb_txn_abort(txn_);
        }
    }
    Txn(const Txn&) = delete;
    Txn& operator=(const Txn&) = delete;

    // The live (not expired) entry of `key`.
    std::optional<Stored> get(std::string_view key, Clock::time_point now) {
        MDB_val k = val(key);
        MDB_val v;
        const int rc = mdb_get(txn_, dbi_, &k, &v);
        if (rc == MDB_NOTFOUND) {
            return std::nullopt;
        }
        if (rc != MDB_SUCCESS) {
            fail(fmt::format("read '{}'", key), rc);
        }
        const Stored s = decode(v);
        if (expired(s, now)) {
            return std::nullopt;
        }
        return s;
    }
    void put(const Item& item) {
        const std::string bytes = encode(item);
        MDB_val k = val(item.key);
        MDB_val v = val(bytes);
        const int rc = mdb_put(txn_, dbi_, &k, &v, 0);
        if (rc != MDB_SUCCESS) {
            fail(fmt::format("write '{}'", item.key), rc);
        }
    }
    void del(std::string_view key) {
        MDB_val k = val(key);
        const int rc = mdb_del(txn_, dbi_, &k, nullptr);
        if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND) {
            fail(fmt::format("delete '{}'", key), rc);
        }
    }
    MDB_txn* get() { return txn_; }
    void commit() {
        MDB_txn* t = txn_;
        txn_ = nullptr;
        check("commit", mdb_txn_commit(t));
    }

private:
    MDB_txn* txn_ = nullptr;
    MDB_dbi dbi_;
};

LmdbStorage::LmdbStorage(const LmdbOptions& options)
    : options_(options), env_(open_lmdb(options.file, options.permissions)) {
    MDB_txn* txn = nullptr;
    int rc = mdb_txn_begin(env_->env, nullptr, 0, &txn);
    if (rc == MDB_SUCCESS) {
        rc = mdb_dbi_open(txn, options_.bucket.c_str(), MDB_CREATE, &dbi_);
        rc = rc == MDB_SUCCESS ? mdb_txn_commit(txn) : (mdb_txn_abort(txn), rc);
    }
    if (rc != MDB_SUCCESS) {
        throw Error(fmt::format("cannot open bucket '{}' in '{}': {}", options_.bucket, options_.file,
                                mdb_strerror(rc)));
    }
}

LmdbStorage::~LmdbStorage() = default;

std::vector<std::string> LmdbStorage::has(const std::vector<std::string>& keys) {
    Txn txn(env_->env, dbi_, false);
    const auto now = Clock::now();
    std::vector<std::string> out;
    for (const auto& k : keys) {
        if (txn.get(k, now)) {
            out.push_back(k);
        }
    }
    return out;
}

void LmdbStorage::set(const std::vector<Item>& items) {
    Txn txn(env_->env, dbi_, true);
    for (const auto& item : items) {
        txn.put(item);
    }
    txn.commit();
}

std::vector<Item> LmdbStorage::mget(const std::vector<std::string>& keys) {
    Txn txn(env_->env, dbi_, false);
    const auto now = Clock::now();
    std::vector<Item> out;
    for (const auto& k : keys) {
        if (const auto s = txn.get(k, now)) {
            out.push_back(Item{k, std::string(s->value), s->expiry});
        }
    }
    return out;
}

void LmdbStorage::mexpire(const std::vector<Item>& items) {
    Txn txn(env_->env, dbi_, true);
    const auto now = Clock::now();
    for (const auto& item : items) {
        if (const auto s = txn.get(item.key, now)) {
            txn.put(Item{item.key, std::string(s->value), item.expiry});
        }
    }
    txn.commit();
}

std::vector<Item> LmdbStorage::ttl(const std::vector<std::string>& keys) {
    Txn txn(env_->env, dbi_, false);
    const auto now = Clock::now();
    std::vector<Item> out;
    for (const auto& k : keys) {
        if (const auto s = txn.get(k, now)) {
            out.push_back(Item{k, {}, s->expiry});
        }
    }
    return out;
}

void LmdbStorage::remove(const std::vector<std::string>& keys) {
    Txn txn(env_->env, dbi_, true);
    for (const auto& k : keys) {
        txn.del(k);
    }
    txn.commit();
}

void LmdbStorage::clear() {
    Txn txn(env_->env, dbi_, true);
    check("clear", mdb_drop(txn.get(), dbi_, 0));
    txn.commit();
}

size_t LmdbStorage::maintain() {
    // A thousand deletions per transaction: one huge transaction could outgrow LMDB's dirty-page
    // limit and would hold the storage's thread for the whole scan.
    constexpr int kBatch = 1000;
    std::string from; // resume after this key
    size_t total = 0;
    for (bool more = true; more;) {
        Txn txn(env_->env, dbi_, true);
        MDB_cursor* cursor = nullptr;
        check("open a cursor", mdb_cursor_open(txn.get(), dbi_, &cursor));
        const auto now = Clock::now();
        MDB_val k = val(from);
        MDB_val v;
        int rc = from.empty() ? mdb_cursor_get(cursor, &k, &v, MDB_FIRST)
                              : mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE);
        int deleted = 0;
        while (rc == MDB_SUCCESS && deleted < kBatch) {
            if (expired(decode(v), now)) {
                rc = mdb_cursor_del(cursor, 0);
                if (rc != MDB_SUCCESS) {
                    break;
                }
                ++deleted;
            }
            rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT);
        }
        more = rc == MDB_SUCCESS; // stopped at the batch size, before the end
        if (more) {
            from.assign(static_cast<const char*>(k.mv_data), k.mv_size);
        }
        mdb_cursor_close(cursor);
        if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND) {
            fail("sweep expired keys", rc);
        }
        txn.commit();
        total += static_cast<size_t>(deleted);
    }
    return total;
}

size_t LmdbStorage::entries() {
    Txn txn(env_->env, dbi_, false);
    MDB_stat st{};
    check("stat", mdb_stat(txn.get(), dbi_, &st));
    return st.ms_entries;
}

} // namespace rr::kv
