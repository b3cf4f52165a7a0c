// RoadRunner's kv plugin: the named storages of the `kv:` section behind the kv.* RPC methods
// (kv.Has, Set, MGet, MExpire, TTL, Delete, Clear with kv.v1 messages, as spiral/roadrunner-kv
// sends them), over rpc.listen and each worker's rr_rpc() channel alike.
//
// The memory storage answers on the master's thread. A storage that may block (a disk sync, the
// network) gets a thread of its own: its calls run there one after another, the master goes on
// serving, and the reply is sent when the call is done; each driver bounds its calls with its own
// timeouts, so a dead Redis costs a worker an RPC error, never a hang.
#pragma once

#include "server/config/config.hpp"
#include "server/kv/storage.hpp"
#include "server/rpc/dispatcher.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace rr::kv {

// A storage of `config`'s driver; throws kv::Error (or config::ConfigError) when it cannot open.
std::unique_ptr<Storage> open_storage(const config::KvStorageConfig& config);

class Service {
public:
    explicit Service(boost::asio::any_io_executor ex) : ex_(std::move(ex)) {}
    ~Service();
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    void add(const std::string& name, std::unique_ptr<Storage> storage, uint64_t max_value_size);
    // Starts the storages' periodic upkeep (the boltdb sweep).
    void start();

    enum class Op { has, set, mget, mexpire, ttl, remove, clear };
    // One kv.* call: the kv.v1.Request `body` (proto codec) in, the serialized kv.v1.Response or
    // an error text out.
    boost::asio::awaitable<rpc::RawReply> call(const char* method, Op op, const std::string& body,
                                               uint8_t codec);

private:
    struct Entry {
        std::unique_ptr<Storage> storage;
        uint64_t max_value_size = 0;
        std::unique_ptr<boost::asio::thread_pool> thread; // for a blocking storage
        std::unique_ptr<boost::asio::steady_timer> upkeep_timer;
    };
    // Runs `work` where `entry`'s calls run; its result or its exception comes back here.
    boost::asio::awaitable<std::string> run(Entry& entry, const std::function<std::string()>& work);
    boost::asio::awaitable<void> upkeep(const std::string* name, Entry* entry);

    boost::asio::any_io_executor ex_;
    std::map<std::string, Entry> storages_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

void register_rpc(rpc::Dispatcher& dispatcher, Service& service);

} // namespace rr::kv
