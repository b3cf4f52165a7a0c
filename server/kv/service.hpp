// RoadRunner's kv plugin: the named storages of the `kv:` section behind the kv.* RPC methods
// (kv.Has, Set, MGet, MExpire, TTL, Delete, Clear with kv.v1 messages, as spiral/roadrunner-kv
// sends them), over rpc.listen and each worker's rr_rpc() channel alike.
//
// The memory storage answers on the master's thread. A storage that may block (a disk sync, the
// network) gets a thread of its own: its calls run there one after another, the master goes on
// serving, and the reply is sent when the call is done. Each driver bounds its calls with its own
// timeouts, and a call that has waited behind others for longer than kMaxQueueWait fails instead
// of running, so a dead or stalled Redis costs a worker an RPC error, never a hang.
#pragma once

#include "server/kv/storage.hpp"
#include "server/rpc/dispatcher.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rr::kv {

// The most items one call may carry.
inline constexpr size_t kMaxItems = 100000;
// The longest a call waits for the storage's earlier calls before it fails.
inline constexpr std::chrono::seconds kMaxQueueWait{10};

class Service {
public:
    explicit Service(boost::asio::any_io_executor ex) : ex_(std::move(ex)) {}
    ~Service();
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    void add(const std::string& name, std::unique_ptr<Storage> storage, uint64_t max_value_size);
    // Starts the storages' periodic upkeep (the boltdb sweep).
    void start();

    // While a Hold lives, every storage thread waits idle (between calls), so the master can fork
    // (a new zygote on reload) with no other thread inside malloc, the loader or a lock.
    class Hold {
    public:
        ~Hold();
        Hold(Hold&&) = default;

    private:
        friend class Service;
        struct Gate;
        explicit Hold(std::shared_ptr<Gate> gate) : gate_(std::move(gate)) {}
        std::shared_ptr<Gate> gate_;
    };
    Hold hold_threads();

    enum class Op { has, set, mget, mexpire, ttl, remove, clear };
    // One kv.* call: the kv.v1.Request `body` (proto codec) in, the serialized kv.v1.Response or
    // an error text out.
    boost::asio::awaitable<rpc::RawReply> call(const char* method, Op op, const std::string_view& body,
                                               uint8_t codec);

private:
    struct Entry;
    // A call's request, read and checked on the master.
    struct Prepared {
        std::string error; // why the call cannot run
        Entry* entry = nullptr;
        std::string name;
        std::vector<Item> items;       // set, mexpire
        std::vector<std::string> keys; // the others
    };
    Prepared prepare(const char* method, Op op, std::string_view body, uint8_t codec);

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
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true); // read on the master only
    std::atomic<bool> stopping_{false}; // read by the threads, which the destructor joins
};

void register_rpc(rpc::Dispatcher& dispatcher, Service& service);

} // namespace rr::kv
