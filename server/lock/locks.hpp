// RoadRunner's lock plugin: named in-memory locks for the application's workers, RPC only
// (lock.Lock, LockRead, Release, ForceRelease, Exists, UpdateTTL with lock.v1beta1 messages, as
// roadrunner-php/lock calls them).
//
// A resource is held by one writer or by any number of readers, each holder named by its id.
// Requests that cannot be granted wait (at most `wait`) in arrival order; a request never
// overtakes an older waiter, so writers are not starved by a stream of readers. A lock with a TTL
// is released when it runs out, which is what frees the locks of a worker that died holding them;
// without a TTL it is held until released.
#pragma once

#include "server/rpc/dispatcher.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace rr::lock {

class Locks {
public:
    explicit Locks(boost::asio::any_io_executor ex) : ex_(std::move(ex)) {}

    // Takes the lock for `id` (shared when `read`), waiting at most `wait`; false if not granted.
    boost::asio::awaitable<bool> lock(const std::string& resource, const std::string& id, bool read,
                                      std::chrono::microseconds ttl, std::chrono::microseconds wait);
    bool release(const std::string& resource, const std::string& id);
    bool force_release(const std::string& resource);
    // Whether `resource` is held (by `id`, or by anyone when `id` is empty or "*").
    bool exists(const std::string& resource, const std::string& id) const;
    bool update_ttl(const std::string& resource, const std::string& id, std::chrono::microseconds ttl);

private:
    struct Holder {
        std::string id;
        bool read = false;
        uint64_t token = 0; // tells a TTL timer whether its holder is still this one
        std::shared_ptr<boost::asio::steady_timer> ttl;
    };
    struct Waiter;
    struct Resource {
        std::vector<Holder> holders;
        std::deque<std::shared_ptr<Waiter>> waiters;
    };
    static bool grantable(const Resource& r, bool read);
    void add_holder(const std::string& resource, Resource& r, const std::string& id, bool read,
                    std::chrono::microseconds ttl);
    void arm_ttl(const std::string& resource, Holder& h, std::chrono::microseconds ttl);
    // Grants the waiters at the head of the queue that can go now; drops an empty resource.
    void wake(const std::string& resource);

    boost::asio::any_io_executor ex_;
    std::map<std::string, Resource> resources_;
    uint64_t next_token_ = 1;
};

// The lock.* RPC methods over `locks` (which outlives the dispatcher's use).
void register_rpc(rpc::Dispatcher& dispatcher, Locks& locks);

} // namespace rr::lock
