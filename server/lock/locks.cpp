#include "locks.hpp"

#include "goridge-compat/frame.hpp"
#include "lock.pb.h"
#include "server/core/event.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace rr::lock {
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

struct Locks::Waiter {
    explicit Waiter(asio::any_io_executor ex) : granted(std::move(ex)) {}
    std::string id;
    bool read = false;
    std::chrono::microseconds ttl{0};
    Event granted;
};

bool Locks::grantable(const Resource& r, bool read) {
    if (r.holders.empty()) {
        return true;
    }
    return read && std::all_of(r.holders.begin(), r.holders.end(), [](const Holder& h) { return h.read; });
}

void Locks::arm_ttl(const std::string& resource, Holder& h, std::chrono::microseconds ttl) {
    h.ttl.reset();
    if (ttl.count() <= 0) {
        return; // held until released
    }
    h.ttl = std::make_shared<asio::steady_timer>(ex_, ttl);
    h.ttl->async_wait([this, resource, token = h.token](const boost::system::error_code& ec) {
        if (ec) {
            return; // cancelled: released, or the TTL was updated
        }
        const auto it = resources_.find(resource);
        if (it == resources_.end()) {
            return;
        }
        auto& holders = it->second.holders;
        std::erase_if(holders, [token](const Holder& x) { return x.token == token; });
        wake(resource);
    });
}

void Locks::add_holder(const std::string& resource, Resource& r, const std::string& id, bool read,
                       std::chrono::microseconds ttl) {
    Holder h;
    h.id = id;
    h.read = read;
    h.token = next_token_++;
    r.holders.push_back(std::move(h));
    arm_ttl(resource, r.holders.back(), ttl);
}

void Locks::wake(const std::string& resource) {
    const auto it = resources_.find(resource);
    if (it == resources_.end()) {
        return;
    }
    Resource& r = it->second;
    while (!r.waiters.empty() && grantable(r, r.waiters.front()->read)) {
        auto w = r.waiters.front();
        r.waiters.pop_front();
        add_holder(resource, r, w->id, w->read, w->ttl);
        w->granted.notify();
    }
    if (r.holders.empty() && r.waiters.empty()) {
        resources_.erase(it);
    }
}

asio::awaitable<bool> Locks::lock(const std::string& resource, const std::string& id, bool read,
                                  std::chrono::microseconds ttl, std::chrono::microseconds wait) {
    Resource& r = resources_[resource];
    if (r.waiters.empty() && grantable(r, read)) {
        add_holder(resource, r, id, read, ttl);
        co_return true;
    }
    if (wait.count() <= 0) {
        wake(resource); // drops the entry made above if nobody holds it
        co_return false;
    }
    auto w = std::make_shared<Waiter>(ex_);
    w->id = id;
    w->read = read;
    w->ttl = ttl;
    r.waiters.push_back(w);
    const bool granted = co_await w->granted.wait(Clock::now() + wait);
    if (granted) {
        co_return true;
    }
    // Timed out: leave the queue (the resource may have gone and come back meanwhile).
    if (const auto it = resources_.find(resource); it != resources_.end()) {
        std::erase(it->second.waiters, w);
        wake(resource); // a reader behind a timed-out writer may go now
    }
    co_return false;
}

bool Locks::release(const std::string& resource, const std::string& id) {
    const auto it = resources_.find(resource);
    if (it == resources_.end()) {
        return false;
    }
    auto& holders = it->second.holders;
    const auto h = std::find_if(holders.begin(), holders.end(), [&](const Holder& x) { return x.id == id; });
    if (h == holders.end()) {
        return false;
    }
    holders.erase(h); // its TTL timer goes with it
    wake(resource);
    return true;
}

bool Locks::force_release(const std::string& resource) {
    const auto it = resources_.find(resource);
    if (it == resources_.end() || it->second.holders.empty()) {
        return false;
    }
    it->second.holders.clear();
    wake(resource);
    return true;
}

bool Locks::exists(const std::string& resource, const std::string& id) const {
    const auto it = resources_.find(resource);
    if (it == resources_.end()) {
        return false;
    }
    const auto& holders = it->second.holders;
    return id.empty() || id == "*"
               ? !holders.empty()
               : std::any_of(holders.begin(), holders.end(), [&](const Holder& x) { return x.id == id; });
}

bool Locks::update_ttl(const std::string& resource, const std::string& id, std::chrono::microseconds ttl) {
    const auto it = resources_.find(resource);
    if (it == resources_.end()) {
        return false;
    }
    for (Holder& h : it->second.holders) {
        if (h.id == id) {
            h.token = next_token_++; // a pending expiry of the old TTL no longer matches
            arm_ttl(resource, h, ttl);
            return true;
        }
    }
    return false;
}

namespace {

enum class Op { lock, lock_read, release, force_release, exists, update_ttl };

rpc::RawReply reply(bool ok) {
    ::lock::v1beta1::Response r;
    r.set_ok(ok);
    return {false, r.SerializeAsString()};
}

// The request, or an error reply.
bool parse(const char* method, Op op, std::string_view body, uint8_t codec, ::lock::v1beta1::Request& req,
           rpc::RawReply& error) {
    if ((codec & goridge::flag::kCodecProto) == 0) {
        error = {true, fmt::format("{}: takes the proto codec (lock.v1beta1.Request), got flags 0x{:02x}",
                                   method, codec)};
        return false;
    }
    if (!req.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
        error = {true, fmt::format("{}: the argument is not a lock.v1beta1.Request", method)};
        return false;
    }
    if (req.resource().empty()) {
        error = {true, fmt::format("{}: empty resource", method)};
        return false;
    }
    if (req.id().empty() && op != Op::force_release && op != Op::exists) {
        error = {true, fmt::format("{}: empty id", method)};
        return false;
    }
    if (req.ttl() < 0 || req.wait() < 0) {
        error = {true, fmt::format("{}: ttl and wait must not be negative", method)};
        return false;
    }
    return true;
}

asio::awaitable<rpc::RawReply> call(Locks& locks, const char* method, Op op, const std::string& body,
                                    uint8_t codec) {
    ::lock::v1beta1::Request req;
    rpc::RawReply error;
    if (!parse(method, op, body, codec, req, error)) {
        co_return error;
    }
    const std::chrono::microseconds ttl(req.ttl());
    switch (op) {
    case Op::lock:
    case Op::lock_read: {
        const bool ok = co_await locks.lock(req.resource(), req.id(), op == Op::lock_read, ttl,
                                            std::chrono::microseconds(req.wait()));
        co_return reply(ok);
    }
    case Op::release:
        co_return reply(locks.release(req.resource(), req.id()));
    case Op::force_release:
        co_return reply(locks.force_release(req.resource()));
    case Op::exists:
        co_return reply(locks.exists(req.resource(), req.id()));
    case Op::update_ttl:
        co_return reply(locks.update_ttl(req.resource(), req.id(), ttl));
    }
    co_return reply(false);
}

} // namespace

void register_rpc(rpc::Dispatcher& dispatcher, Locks& locks) {
    struct Method {
        const char* name;
        Op op;
    };
    constexpr std::array kMethods = {
        Method{"lock.Lock", Op::lock},       Method{"lock.LockRead", Op::lock_read},
        Method{"lock.Release", Op::release}, Method{"lock.ForceRelease", Op::force_release},
        Method{"lock.Exists", Op::exists},   Method{"lock.UpdateTTL", Op::update_ttl}};
    for (const Method& m : kMethods) {
        dispatcher.add_raw(m.name,
                           [&locks, m](std::string_view body, uint8_t codec,
                                       const rpc::Caller&) -> asio::awaitable<rpc::RawReply> {
                               // The body is copied: the frame it points into may be gone when a waiting lock
                               // resumes.
                               const std::string copy(body);
                               co_return co_await call(locks, m.name, m.op, copy, codec);
                           });
    }
}

} // namespace rr::lock
