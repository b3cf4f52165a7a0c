// The `memory` driver: a hash map in the master, gone when the server stops. Expired keys are
// dropped at the start of every call (an ordered index of expiry times finds them), so they are
// never seen and never pile up while the storage is used.
#pragma once

#include "server/kv/storage.hpp"

#include <map>
#include <unordered_map>

namespace rr::kv {

class MemoryStorage final : public Storage {
public:
    std::vector<std::string> has(const std::vector<std::string>& keys) override;
    void set(const std::vector<Item>& items) override;
    std::vector<Item> mget(const std::vector<std::string>& keys) override;
    void mexpire(const std::vector<Item>& items) override;
    std::vector<Item> ttl(const std::vector<std::string>& keys) override;
    void remove(const std::vector<std::string>& keys) override;
    void clear() override;

    size_t size() const { return entries_.size(); }

private:
    using Expiries = std::multimap<Clock::time_point, std::string>;
    struct Entry {
        std::string value;
        Expiry expiry;
        Expiries::iterator where; // this key's place in expiries_ while it has an expiry
    };
    void purge();
    void set_expiry(const std::string& key, Entry& e, Expiry expiry);
    void erase(std::unordered_map<std::string, Entry>::iterator it);

    std::unordered_map<std::string, Entry> entries_;
    Expiries expiries_; // one pair per key that expires
};

} // namespace rr::kv
