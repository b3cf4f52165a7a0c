#include "server/kv/open_storage.hpp"
#include "server/kv/lmdb_storage.hpp"
#include "server/kv/memcached_storage.hpp"
#include "server/kv/memory_storage.hpp"
#include "server/kv/redis_storage.hpp"

namespace rr::kv {

namespace {

std::chrono::milliseconds ms(Duration d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d);
}

} // namespace

std::unique_ptr<Storage> open_storage(const config::KvStorageConfig& c) {
    if (c.driver == "boltdb") {
        LmdbOptions o;
        o.file = c.file;
        o.permissions = c.permissions;
        o.bucket = c.bucket;
        o.interval = std::chrono::duration_cast<std::chrono::seconds>(c.interval);
        return std::make_unique<LmdbStorage>(o);
    }
    if (c.driver == "redis") {
        RedisOptions o;
        o.addrs = c.addrs;
        o.auth = RedisAuth{c.username, c.password, static_cast<int>(c.db)};
        o.master_name = c.master_name;
        o.sentinel_password = c.sentinel_password;
        o.dial_timeout = ms(c.dial_timeout);
        o.read_timeout = ms(c.read_timeout);
        return std::make_unique<RedisStorage>(o);
    }
    if (c.driver == "memcached") {
        MemcachedOptions o;
        o.addr = c.addr;
        o.timeout = ms(c.read_timeout);
        return std::make_unique<MemcachedStorage>(o);
    }
    return std::make_unique<MemoryStorage>();
}

} // namespace rr::kv
