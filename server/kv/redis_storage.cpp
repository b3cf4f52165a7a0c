#include "server/kv/redis_storage.hpp"

#include <fmt/format.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <set>
#include <thread>

namespace rr::kv {

namespace {

constexpr unsigned kSlots = 16384;
constexpr int kMaxRedirects = 5;

// CRC16-CCITT (XModem), the checksum Redis Cluster hashes keys with.
uint16_t crc16(std::string_view s) {
    uint16_t crc = 0;
    for (const char ch : s) {
        crc ^= static_cast<uint16_t>(static_cast<unsigned char>(ch) << 8);
        for (int i = 0; i < 8; ++i) {
            crc = (crc & 0x8000) != 0 ? static_cast<uint16_t>((crc << 1) ^ 0x1021)
                                      : static_cast<uint16_t>(crc << 1);
        }
    }
    return crc;
}

std::string reply_string(const redisReply* r) {
    return r != nullptr && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS)
               ? std::string(r->str, r->len)
               : std::string();
}

long long reply_integer(const redisReply* r) {
    return r != nullptr && r->type == REDIS_REPLY_INTEGER ? r->integer : 0;
}

// "host:port" with IPv6 hosts in brackets.
std::string join_address(const std::string& host, long long port) {
    return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port)
                                               : fmt::format("{}:{}", host, port);
}

std::string host_of(const std::string& address) {
    const auto colon = address.rfind(':');
    std::string host = colon == std::string::npos ? address : address.substr(0, colon);
    if (host.size() > 2 && host.front() == '[') {
        host = host.substr(1, host.size() - 2);
    }
    return host;
}

long long remaining_ms(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t - Clock::now()).count();
}

} // namespace

unsigned redis_slot(std::string_view key) {
    const auto open = key.find('{');
    if (open != std::string_view::npos) {
        const auto close = key.find('}', open + 1);
        if (close != std::string_view::npos && close > open + 1) {
            key = key.substr(open + 1, close - open - 1);
        }
    }
    return crc16(key) % kSlots;
}

RedisStorage::RedisStorage(RedisOptions options) : options_(std::move(options)) {
    if (options_.addrs.empty()) {
        options_.addrs.push_back("127.0.0.1:6379");
    }
    if (!options_.master_name.empty()) {
        mode_ = Mode::sentinel;
    } else if (options_.addrs.size() > 1) {
        mode_ = Mode::cluster;
    }
    for (const auto& a : options_.addrs) {
        RedisConnection probe(a, {}, options_.dial_timeout, options_.read_timeout); // checks the address
    }
}

RedisConnection& RedisStorage::node(const std::string& address, bool data_node) {
    const std::string key = data_node ? address : "sentinel " + address;
    auto& slot = nodes_[key];
    if (!slot) {
        RedisAuth auth = options_.auth;
        if (!data_node) {
            auth = RedisAuth{"", options_.sentinel_password, 0};
        } else if (mode_ == Mode::cluster) {
            auth.db = 0; // a cluster has database 0 only
        }
        slot = std::make_unique<RedisConnection>(address, auth, options_.dial_timeout, options_.read_timeout);
    }
    return *slot;
}

std::string RedisStorage::master_address() {
    if (!master_.empty()) {
        return master_;
    }
    std::string errors;
    for (const auto& sentinel : options_.addrs) {
        try {
            auto replies = node(sentinel, false)
                               .pipeline({{"SENTINEL", "get-master-addr-by-name", options_.master_name}});
            const redisReply* r = replies.at(0).get();
            if (r->type == REDIS_REPLY_ARRAY && r->elements == 2) {
                master_ = join_address(reply_string(r->element[0]), std::stoll(reply_string(r->element[1])));
                return master_;
            }
            errors += fmt::format("; sentinel {} does not know master '{}'", sentinel, options_.master_name);
        } catch (const std::exception& e) {
            errors += fmt::format("; {}", e.what());
        }
    }
    throw Error(fmt::format("no sentinel gave the address of master '{}'{}", options_.master_name, errors));
}

void RedisStorage::load_slots() {
    std::string errors;
    std::vector<std::string> seeds = options_.addrs;
    for (const auto& seed : seeds) {
        try {
            auto replies = node(seed).pipeline({{"CLUSTER", "SLOTS"}});
            const redisReply* r = replies.at(0).get();
            const std::string err = redis_error(r);
            if (!err.empty() || r->type != REDIS_REPLY_ARRAY) {
                errors += fmt::format("; {}: CLUSTER SLOTS: {}", seed, err.empty() ? "not an array" : err);
                continue;
            }
            std::vector<std::string> slots(kSlots);
            for (size_t i = 0; i < r->elements; ++i) {
                const redisReply* range = r->element[i];
                if (range->type != REDIS_REPLY_ARRAY || range->elements < 3 ||
                    range->element[2]->type != REDIS_REPLY_ARRAY || range->element[2]->elements < 2) {
                    continue;
                }
                const redisReply* master = range->element[2];
                std::string host = reply_string(master->element[0]);
                if (host.empty()) {
                    host = host_of(seed); // "" means the host of the node that answered
                }
                const std::string address = join_address(host, reply_integer(master->element[1]));
                const long long first = reply_integer(range->element[0]);
                const long long last = reply_integer(range->element[1]);
                for (long long s = std::max(first, 0LL); s <= last && s < kSlots; ++s) {
                    slots[static_cast<size_t>(s)] = address;
                }
            }
            slots_ = std::move(slots);
            return;
        } catch (const std::exception& e) {
            errors += fmt::format("; {}", e.what());
        }
    }
    throw Error(fmt::format("no cluster node answered CLUSTER SLOTS{}", errors));
}

std::string RedisStorage::route(const std::string& key) {
    switch (mode_) {
    case Mode::single:
        return options_.addrs.front();
    case Mode::sentinel:
        return master_address();
    case Mode::cluster:
        if (slots_.empty()) {
            load_slots();
        }
        const std::string& owner = slots_[redis_slot(key)];
        if (owner.empty()) {
            throw Error(fmt::format("no cluster node serves the slot of '{}'", key));
        }
        return owner;
    }
    return options_.addrs.front();
}

std::vector<RedisReply> RedisStorage::run(const std::vector<Command>& commands) {
    std::vector<RedisReply> out(commands.size());
    std::vector<size_t> pending(commands.size());
    for (size_t i = 0; i < pending.size(); ++i) {
        pending[i] = i;
    }
    std::map<size_t, std::string> asked; // command -> the node an ASK redirection named
    bool busy = false; // the last round's failures were TRYAGAIN / CLUSTERDOWN (a failover, a reshard)
    auto backoff = std::chrono::milliseconds(8);
    for (int round = 0; round <= kMaxRedirects && !pending.empty(); ++round) {
        if (busy) {
            std::this_thread::sleep_for(std::min(backoff, options_.read_timeout)); // this storage's thread
            backoff *= 2;
        }
        busy = false;
        std::map<std::string, std::vector<size_t>> groups;
        for (const size_t i : pending) {
            const auto a = asked.find(i);
            groups[a != asked.end() ? a->second : route(commands[i].at(1))].push_back(i);
        }
        pending.clear();
        for (const auto& [address, indexes] : groups) {
            std::vector<Command> batch;
            std::vector<long> reply_of; // batch position -> command index (-1: an ASKING)
            for (const size_t i : indexes) {
                if (asked.contains(i)) {
                    batch.push_back({"ASKING"});
                    reply_of.push_back(-1);
                }
                batch.push_back(commands[i]);
                reply_of.push_back(static_cast<long>(i));
            }
            std::vector<RedisReply> replies;
            try {
                replies = node(address).pipeline(batch);
            } catch (const Error&) {
                master_.clear(); // a failover may have moved the master or the slots
                slots_.clear();
                throw;
            }
            for (size_t b = 0; b < replies.size(); ++b) {
                if (reply_of[b] < 0) {
                    continue;
                }
                const auto i = static_cast<size_t>(reply_of[b]);
                asked.erase(i);
                const std::string err = redis_error(replies[b].get());
                if (err.starts_with("MOVED ") || err.starts_with("ASK ")) {
                    const auto space = err.rfind(' ');
                    const std::string target = err.substr(space + 1);
                    if (err.starts_with("MOVED ")) {
                        if (slots_.empty()) {
                            slots_.resize(kSlots);
                        }
                        slots_[redis_slot(commands[i].at(1))] = target;
                    } else {
                        asked[i] = target;
                    }
                    pending.push_back(i);
                } else if (err.starts_with("TRYAGAIN") || err.starts_with("CLUSTERDOWN")) {
                    pending.push_back(i);
                    busy = true;
                } else if (!err.empty()) {
                    if (err.starts_with("READONLY")) {
                        master_.clear(); // Sentinel: the old master is a replica now
                    }
                    throw Error(fmt::format("redis {}: {}", address, err));
                } else {
                    out[i] = std::move(replies[b]);
                }
            }
        }
    }
    if (!pending.empty()) {
        throw Error(fmt::format("redis: still redirected after {} tries", kMaxRedirects));
    }
    return out;
}

std::vector<std::string> RedisStorage::has(const std::vector<std::string>& keys) {
    std::vector<Command> cmds;
    for (const auto& k : keys) {
        cmds.push_back({"EXISTS", k});
    }
    const auto replies = run(cmds);
    std::vector<std::string> out;
    for (size_t i = 0; i < keys.size(); ++i) {
        if (reply_integer(replies[i].get()) > 0) {
            out.push_back(keys[i]);
        }
    }
    return out;
}

void RedisStorage::set(const std::vector<Item>& items) {
    std::vector<Command> cmds;
    for (const auto& item : items) {
        if (!item.expiry) {
            cmds.push_back({"SET", item.key, item.value});
            continue;
        }
        const long long ms = remaining_ms(*item.expiry);
        if (ms <= 0) {
            cmds.push_back({"DEL", item.key});
        } else {
            cmds.push_back({"SET", item.key, item.value, "PX", std::to_string(ms)});
        }
    }
    run(cmds);
}

std::vector<Item> RedisStorage::mget(const std::vector<std::string>& keys) {
    std::vector<Command> cmds;
    for (const auto& k : keys) {
        cmds.push_back({"GET", k});
    }
    const auto replies = run(cmds);
    std::vector<Item> out;
    for (size_t i = 0; i < keys.size(); ++i) {
        const redisReply* r = replies[i].get();
        if (r->type == REDIS_REPLY_STRING) {
            out.push_back(Item{keys[i], std::string(r->str, r->len), std::nullopt});
        }
    }
    return out;
}

void RedisStorage::mexpire(const std::vector<Item>& items) {
    std::vector<Command> cmds;
    for (const auto& item : items) {
        if (!item.expiry) {
            cmds.push_back({"PERSIST", item.key});
            continue;
        }
        const long long ms = remaining_ms(*item.expiry);
        cmds.push_back(ms <= 0 ? Command{"DEL", item.key} : Command{"PEXPIRE", item.key, std::to_string(ms)});
    }
    run(cmds);
}

std::vector<Item> RedisStorage::ttl(const std::vector<std::string>& keys) {
    std::vector<Command> cmds;
    for (const auto& k : keys) {
        cmds.push_back({"PTTL", k});
    }
    const auto replies = run(cmds);
    const auto now = Clock::now();
    std::vector<Item> out;
    for (size_t i = 0; i < keys.size(); ++i) {
        const long long ms = reply_integer(replies[i].get());
        if (ms == -2) {
            continue; // no such key
        }
        Expiry e;
        if (ms >= 0) {
            e = now + std::chrono::milliseconds(ms);
        }
        out.push_back(Item{keys[i], {}, e});
    }
    return out;
}

void RedisStorage::remove(const std::vector<std::string>& keys) {
    std::vector<Command> cmds;
    for (const auto& k : keys) {
        cmds.push_back({"DEL", k});
    }
    run(cmds);
}

void RedisStorage::clear() {
    std::set<std::string> targets;
    if (mode_ == Mode::cluster) {
        load_slots();
        targets.insert(slots_.begin(), slots_.end());
        targets.erase("");
    } else {
        targets.insert(route(""));
    }
    for (const auto& address : targets) {
        std::vector<RedisReply> replies;
        try {
            replies = node(address).pipeline({{"FLUSHDB"}});
        } catch (const Error&) {
            master_.clear();
            throw;
        }
        const std::string err = redis_error(replies.at(0).get());
        if (!err.empty()) {
            throw Error(fmt::format("redis {}: FLUSHDB: {}", address, err));
        }
    }
}

} // namespace rr::kv
