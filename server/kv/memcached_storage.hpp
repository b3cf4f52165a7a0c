// The `memcached` driver (RoadRunner's key `addr`: a list of host:port) over libmemcached, keys
// spread over the servers by consistent hashing. Every call is bounded by the connect and
// receive timeouts, and a server that failed is skipped for a second before it is tried again.
// Memcached cannot report a key's expiry, so kv.TTL is an error here, as in RoadRunner; keys are
// at most 250 bytes without spaces or control characters (memcached's text protocol).
#pragma once

#include "server/kv/storage.hpp"

#include <string>
#include <vector>

struct memcached_st;

namespace rr::kv {

struct MemcachedOptions {
    std::vector<std::string> addr{"127.0.0.1:11211"};
    std::chrono::milliseconds timeout{3000}; // connect, send and receive
};

class MemcachedStorage final : public Storage {
public:
    explicit MemcachedStorage(const MemcachedOptions& options);
    ~MemcachedStorage() override;
    MemcachedStorage(const MemcachedStorage&) = delete;
    MemcachedStorage& operator=(const MemcachedStorage&) = delete;

    std::vector<std::string> has(const std::vector<std::string>& keys) override;
    void set(const std::vector<Item>& items) override;
    std::vector<Item> mget(const std::vector<std::string>& keys) override;
    void mexpire(const std::vector<Item>& items) override;
    std::vector<Item> ttl(const std::vector<std::string>& keys) override;
    void remove(const std::vector<std::string>& keys) override;
    void clear() override;
    bool blocking() const override { return true; }

private:
    memcached_st* mc_ = nullptr;
};

} // namespace rr::kv
