// The `redis` driver, with RoadRunner's config keys and its choice of mode: `master_name` set means
// Sentinel (the addresses are sentinels, asked for the master's address, again after a failure),
// more than one address means Cluster (keys are sent to the node owning their hash slot, MOVED and
// ASK redirections are followed), otherwise one server. Every key is its own command, pipelined
// per node, so keys of different slots mix freely in one call.
#pragma once

#include "server/kv/redis_connection.hpp"
#include "server/kv/storage.hpp"

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace rr::kv {

struct RedisOptions {
    std::vector<std::string> addrs{"127.0.0.1:6379"};
    RedisAuth auth;
    std::string master_name;       // Sentinel mode
    std::string sentinel_password; // AUTH on the sentinels
    std::chrono::milliseconds dial_timeout{5000};
    std::chrono::milliseconds read_timeout{3000};
};

// The cluster hash slot of `key` (CRC16 of the key, or of its {hash tag}, modulo 16384).
unsigned redis_slot(std::string_view key);

class RedisStorage final : public Storage {
public:
    explicit RedisStorage(RedisOptions options);

    std::vector<std::string> has(const std::vector<std::string>& keys) override;
    void set(const std::vector<Item>& items) override;
    std::vector<Item> mget(const std::vector<std::string>& keys) override;
    void mexpire(const std::vector<Item>& items) override;
    std::vector<Item> ttl(const std::vector<std::string>& keys) override;
    void remove(const std::vector<std::string>& keys) override;
    void clear() override;
    bool blocking() const override { return true; }

private:
    using Command = std::vector<std::string>;
    // Runs each command against the node of its key (commands[i][1]) and returns the replies in
    // order; error replies other than redirections throw.
    std::vector<RedisReply> run(const std::vector<Command>& commands);
    RedisConnection& node(const std::string& address, bool data_node = true);
    std::string master_address();
    void load_slots();
    // The node that serves `key` now.
    std::string route(const std::string& key);

    enum class Mode { single, sentinel, cluster };
    RedisOptions options_;
    Mode mode_ = Mode::single;
    std::map<std::string, std::unique_ptr<RedisConnection>> nodes_;
    std::string master_;             // Sentinel: the master's address, "" until asked
    std::vector<std::string> slots_; // Cluster: slot -> node address ("" unknown)
};

} // namespace rr::kv
