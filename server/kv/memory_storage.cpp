#include "server/kv/memory_storage.hpp"

namespace rr::kv {

void MemoryStorage::purge() {
    const auto now = Clock::now();
    while (!expiries_.empty() && expiries_.begin()->first <= now) {
        erase(entries_.find(expiries_.begin()->second));
    }
}

void MemoryStorage::erase(std::unordered_map<std::string, Entry>::iterator it) {
    if (it == entries_.end()) {
        return;
    }
    if (it->second.expiry) {
        expiries_.erase(it->second.where);
    }
    entries_.erase(it);
}

void MemoryStorage::set_expiry(const std::string& key, Entry& e, Expiry expiry) {
    if (e.expiry) {
        expiries_.erase(e.where);
    }
    e.expiry = expiry;
    if (expiry) {
        e.where = expiries_.emplace(*expiry, key);
    }
}

std::vector<std::string> MemoryStorage::has(const std::vector<std::string>& keys) {
    purge();
    std::vector<std::string> out;
    for (const auto& k : keys) {
        if (entries_.contains(k)) {
            out.push_back(k);
        }
    }
    return out;
}

void MemoryStorage::set(const std::vector<Item>& items) {
    purge();
    for (const auto& item : items) {
        Entry& e = entries_[item.key];
        e.value = item.value;
        set_expiry(item.key, e, item.expiry);
    }
    purge(); // an expiry already past removes the key at once
}

std::vector<Item> MemoryStorage::mget(const std::vector<std::string>& keys) {
    purge();
    std::vector<Item> out;
    for (const auto& k : keys) {
        const auto it = entries_.find(k);
        if (it != entries_.end()) {
            out.push_back(Item{k, it->second.value, it->second.expiry});
        }
    }
    return out;
}

void MemoryStorage::mexpire(const std::vector<Item>& items) {
    purge();
    for (const auto& item : items) {
        const auto it = entries_.find(item.key);
        if (it != entries_.end()) {
            set_expiry(item.key, it->second, item.expiry);
        }
    }
    purge();
}

std::vector<Item> MemoryStorage::ttl(const std::vector<std::string>& keys) {
    purge();
    std::vector<Item> out;
    for (const auto& k : keys) {
        const auto it = entries_.find(k);
        if (it != entries_.end()) {
            out.push_back(Item{k, {}, it->second.expiry});
        }
    }
    return out;
}

void MemoryStorage::remove(const std::vector<std::string>& keys) {
    purge();
    for (const auto& k : keys) {
        erase(entries_.find(k));
    }
}

void MemoryStorage::clear() {
    entries_.clear();
    expiries_.clear();
}

} // namespace rr::kv
