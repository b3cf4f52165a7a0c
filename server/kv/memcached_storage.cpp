#include "server/kv/memcached_storage.hpp"

#include <fmt/format.h>
#include <libmemcached/memcached.h>

#include <charconv>
#include <map>

namespace rr::kv {

namespace {

[[noreturn]] void fail(memcached_st* mc, const std::string& what, memcached_return_t rc) {
    const char* detail = memcached_last_error_message(mc);
    throw Error(fmt::format("memcached: {}: {}", what,
                            detail != nullptr && *detail != '\0' ? detail : memcached_strerror(mc, rc)));
}

// Memcached's expiration argument for an absolute expiry: Unix seconds (memcached reads any value
// over 30 days as a timestamp), rounded up so a key never expires before its time; 0: none.
time_t expiration(const Expiry& e) {
    if (!e) {
        return 0;
    }
    return static_cast<time_t>(std::chrono::ceil<std::chrono::seconds>(e->time_since_epoch()).count());
}

bool past(const Expiry& e) {
    return e && *e <= Clock::now();
}

} // namespace

MemcachedStorage::MemcachedStorage(const MemcachedOptions& options) : mc_(memcached_create(nullptr)) {
    if (mc_ == nullptr) {
        throw Error("memcached: cannot create a client");
    }
    const auto ms = static_cast<uint64_t>(options.timeout.count());
    memcached_behavior_set(mc_, MEMCACHED_BEHAVIOR_CONNECT_TIMEOUT, ms);
    memcached_behavior_set(mc_, MEMCACHED_BEHAVIOR_POLL_TIMEOUT, ms);
    memcached_behavior_set(mc_, MEMCACHED_BEHAVIOR_SND_TIMEOUT, ms * 1000);
    memcached_behavior_set(mc_, MEMCACHED_BEHAVIOR_RCV_TIMEOUT, ms * 1000);
    memcached_behavior_set(mc_, MEMCACHED_BEHAVIOR_RETRY_TIMEOUT, 1);
    memcached_behavior_set(mc_, MEMCACHED_BEHAVIOR_VERIFY_KEY, 1);
    memcached_behavior_set(mc_, MEMCACHED_BEHAVIOR_DISTRIBUTION, MEMCACHED_DISTRIBUTION_CONSISTENT);
    memcached_behavior_set(mc_, MEMCACHED_BEHAVIOR_TCP_NODELAY, 1);
    for (const auto& a : options.addr) {
        const auto colon = a.rfind(':');
        unsigned port = 11211;
        std::string host = colon == std::string::npos ? a : a.substr(0, colon);
        if (colon != std::string::npos) {
            const char* b = a.data() + colon + 1;
            const char* e = a.data() + a.size();
            const auto [p, ec] = std::from_chars(b, e, port);
            if (ec != std::errc() || p != e || port == 0 || port > 65535) {
                memcached_free(mc_);
                throw Error(fmt::format("memcached: '{}' is not a host:port address", a));
            }
        }
        const memcached_return_t rc = memcached_server_add(mc_, host.c_str(), static_cast<in_port_t>(port));
        if (rc != MEMCACHED_SUCCESS) {
            const std::string why = memcached_strerror(mc_, rc);
            memcached_free(mc_);
            throw Error(fmt::format("memcached: cannot add server '{}': {}", a, why));
        }
    }
}

MemcachedStorage::~MemcachedStorage() {
    memcached_free(mc_);
}

std::vector<Item> MemcachedStorage::mget(const std::vector<std::string>& keys) {
    std::vector<Item> out;
    if (keys.empty()) {
        return out;
    }
    std::vector<const char*> ptrs;
    std::vector<size_t> lens;
    for (const auto& k : keys) {
        ptrs.push_back(k.data());
        lens.push_back(k.size());
    }
    memcached_return_t rc = memcached_mget(mc_, ptrs.data(), lens.data(), keys.size());
    if (rc != MEMCACHED_SUCCESS) {
        fail(mc_, "get", rc);
    }
    std::map<std::string, std::string> found;
    while (true) {
        memcached_result_st* r = memcached_fetch_result(mc_, nullptr, &rc);
        if (r == nullptr) {
            break;
        }
        found.emplace(std::string(memcached_result_key_value(r), memcached_result_key_length(r)),
                      std::string(memcached_result_value(r), memcached_result_length(r)));
        memcached_result_free(r);
    }
    if (rc != MEMCACHED_END && rc != MEMCACHED_SUCCESS && rc != MEMCACHED_NOTFOUND) {
        fail(mc_, "get", rc);
    }
    for (const auto& k : keys) {
        const auto it = found.find(k);
        if (it != found.end()) {
            out.push_back(Item{k, it->second, std::nullopt});
        }
    }
    return out;
}

std::vector<std::string> MemcachedStorage::has(const std::vector<std::string>& keys) {
    std::vector<std::string> out;
    for (auto& item : mget(keys)) {
        out.push_back(std::move(item.key));
    }
    return out;
}

void MemcachedStorage::set(const std::vector<Item>& items) {
    for (const auto& item : items) {
        if (past(item.expiry)) {
            remove({item.key});
            continue;
        }
        const memcached_return_t rc = memcached_set(mc_, item.key.data(), item.key.size(), item.value.data(),
                                                    item.value.size(), expiration(item.expiry), 0);
        if (rc != MEMCACHED_SUCCESS) {
            fail(mc_, fmt::format("set '{}'", item.key), rc);
        }
    }
}

void MemcachedStorage::mexpire(const std::vector<Item>& items) {
    for (const auto& item : items) {
        if (past(item.expiry)) {
            remove({item.key});
            continue;
        }
        const memcached_return_t rc =
            memcached_touch(mc_, item.key.data(), item.key.size(), expiration(item.expiry));
        if (rc != MEMCACHED_SUCCESS && rc != MEMCACHED_NOTFOUND) {
            fail(mc_, fmt::format("touch '{}'", item.key), rc);
        }
    }
}

std::vector<Item> MemcachedStorage::ttl(const std::vector<std::string>&) {
    throw Error("memcached does not report the expiry of keys: TTL is not supported by this driver");
}

void MemcachedStorage::remove(const std::vector<std::string>& keys) {
    for (const auto& k : keys) {
        const memcached_return_t rc = memcached_delete(mc_, k.data(), k.size(), 0);
        if (rc != MEMCACHED_SUCCESS && rc != MEMCACHED_NOTFOUND) {
            fail(mc_, fmt::format("delete '{}'", k), rc);
        }
    }
}

void MemcachedStorage::clear() {
    const memcached_return_t rc = memcached_flush(mc_, 0);
    if (rc != MEMCACHED_SUCCESS) {
        fail(mc_, "flush", rc);
    }
}

} // namespace rr::kv
