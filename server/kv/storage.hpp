// One KV storage as RoadRunner's kv plugin sees it: keys with byte values and an optional expiry
// time, behind the seven operations of the kv.* RPC. Each driver (memory, boltdb, redis,
// memcached) implements this interface; service.cpp turns RPC requests into calls and the answers
// into kv.v1 messages.
//
// Calls are synchronous. The memory driver answers at once; the drivers that block (disk syncs,
// the network) are called on their own thread (see service.cpp) and bound every call by their own
// timeouts. A failure is
// thrown as kv::Error, whose text the RPC reply carries after the storage's name.
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace rr::kv {

using Clock = std::chrono::system_clock;
using Expiry = std::optional<Clock::time_point>; // none: the key does not expire

struct Item {
    std::string key;
    std::string value;
    Expiry expiry;
};

struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Storage {
public:
    virtual ~Storage() = default;
    // The keys of `keys` that exist (and have not expired).
    virtual std::vector<std::string> has(const std::vector<std::string>& keys) = 0;
    virtual void set(const std::vector<Item>& items) = 0;
    // The items of `keys` that exist, with their values.
    virtual std::vector<Item> mget(const std::vector<std::string>& keys) = 0;
    // Sets the expiry of the existing keys among `items` (their values are ignored).
    virtual void mexpire(const std::vector<Item>& items) = 0;
    // The items of `keys` that exist, with their expiry (values left empty).
    virtual std::vector<Item> ttl(const std::vector<std::string>& keys) = 0;
    virtual void remove(const std::vector<std::string>& keys) = 0;
    virtual void clear() = 0;
    // Whether calls may block (the network, a disk sync): then they run off the master's thread.
    virtual bool blocking() const { return false; }
    // Periodic upkeep (the boltdb driver's sweep of expired keys), run every maintenance_interval();
    // returns how many keys it deleted.
    virtual size_t maintain() { return 0; }
    virtual std::chrono::seconds maintenance_interval() const { return std::chrono::seconds(0); }
};

} // namespace rr::kv
