#include "server/kv/service.hpp"

#include "goridge-compat/frame.hpp"
#include "kv.pb.h"
#include "server/core/log.hpp"
#include "server/kv/rfc3339.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include <array>
#include <condition_variable>
#include <mutex>

namespace asio = boost::asio;

namespace rr::kv {

// Where held threads wait: each storage thread counts itself in and waits until released.
struct Service::Hold::Gate {
    std::mutex m;
    std::condition_variable cv;
    size_t parked = 0;
    bool released = false;
};

Service::Hold::~Hold() {
    if (gate_) {
        std::lock_guard lock(gate_->m);
        gate_->released = true;
        gate_->cv.notify_all();
    }
}

Service::Hold Service::hold_threads() {
    auto gate = std::make_shared<Hold::Gate>();
    size_t threads = 0;
    for (auto& [name, e] : storages_) {
        if (e.thread) {
            ++threads;
            asio::post(*e.thread, [gate] {
                std::unique_lock lock(gate->m);
                ++gate->parked;
                gate->cv.notify_all();
                gate->cv.wait(lock, [&] { return gate->released; });
            });
        }
    }
    // Each thread parks after its current call, which its driver's timeouts bound.
    std::unique_lock lock(gate->m);
    gate->cv.wait(lock, [&] { return gate->parked == threads; });
    return Hold(gate);
}

Service::~Service() {
    *alive_ = false;
    stopping_.store(true);
    for (auto& [name, e] : storages_) {
        if (e.upkeep_timer) {
            e.upkeep_timer->cancel();
        }
    }
    for (auto& [name, e] : storages_) {
        if (e.thread) {
            e.thread->join(); // queued calls see stopping_ and fail at once
        }
    }
}

void Service::add(const std::string& name, std::unique_ptr<Storage> storage, uint64_t max_value_size) {
    Entry e;
    if (storage->blocking()) {
        e.thread = std::make_unique<asio::thread_pool>(1);
    }
    e.storage = std::move(storage);
    e.max_value_size = max_value_size;
    storages_[name] = std::move(e);
}

void Service::start() {
    for (auto& [name, e] : storages_) {
        if (e.storage->maintenance_interval() > std::chrono::seconds(0)) {
            e.upkeep_timer = std::make_unique<asio::steady_timer>(ex_);
            asio::co_spawn(ex_, upkeep(&name, &e), asio::detached);
        }
    }
}

namespace {

// Posts `job` to `pool` and completes, on the caller's executor, with its result or its exception.
// A plain function whose initiation captures only pointers and a time: GCC 12 may destroy the
// temporaries of a co_await expression twice, which a captured shared_ptr would not survive.
asio::awaitable<std::string> on_thread(asio::thread_pool* pool, const std::function<std::string()>* job,
                                       const std::atomic<bool>* stopping) {
    const auto queued = std::chrono::steady_clock::now();
    return asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr, std::string)>(
        [pool, job, stopping, queued](auto handler) {
            // The master's io_context counts the call as work until its result is back.
            auto work = asio::make_work_guard(asio::get_associated_executor(handler));
            asio::post(*pool, [job, stopping, queued, work = std::move(work),
                               handler = std::move(handler)]() mutable {
                std::exception_ptr error;
                std::string out;
                try {
                    const auto waited = std::chrono::steady_clock::now() - queued;
                    if (stopping->load()) {
                        throw Error("the server is stopping");
                    }
                    if (waited > kMaxQueueWait) {
                        throw Error(
                            fmt::format("busy: waited {} s behind earlier calls",
                                        std::chrono::duration_cast<std::chrono::seconds>(waited).count()));
                    }
                    out = (*job)();
                } catch (...) {
                    error = std::current_exception();
                }
                auto ex = asio::get_associated_executor(handler);
                asio::dispatch(ex, [handler = std::move(handler), error, out = std::move(out)]() mutable {
                    std::move(handler)(error, std::move(out));
                });
                work.reset();
            });
        },
        asio::use_awaitable);
}

} // namespace

asio::awaitable<std::string> Service::run(Entry& entry, const std::function<std::string()>& work) {
    if (!entry.thread) {
        co_return work();
    }
    std::string result = co_await on_thread(entry.thread.get(), &work, &stopping_);
    co_return result;
}

asio::awaitable<void> Service::upkeep(const std::string* name, Entry* entry) {
    const std::shared_ptr<bool> alive = alive_;
    const std::function<std::string()> sweep = [entry] { return std::to_string(entry->storage->maintain()); };
    while (*alive) {
        entry->upkeep_timer->expires_after(entry->storage->maintenance_interval());
        boost::system::error_code ec;
        co_await entry->upkeep_timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (!*alive || ec) {
            co_return;
        }
        std::string deleted;
        std::string failure;
        try {
            deleted = co_await run(*entry, sweep);
        } catch (const std::exception& e) {
            failure = e.what();
        }
        if (!*alive) {
            co_return;
        }
        if (!failure.empty()) {
            log::channel("kv").warn("kv.{}: the sweep of expired keys failed: {}", *name, failure);
        } else if (deleted != "0") {
            log::channel("kv").debug("kv.{}: the sweep deleted {} expired keys", *name, deleted);
        }
    }
}

namespace {

bool proto_codec(uint8_t codec) {
    return (codec & goridge::flag::kCodecProto) != 0;
}

std::string response(const std::vector<Item>& items, bool with_values, bool with_timeouts) {
    ::kv::v1::Response r;
    for (const auto& item : items) {
        auto* out = r.add_items();
        out->set_key(item.key);
        if (with_values) {
            out->set_value(item.value);
        }
        if (with_timeouts && item.expiry) {
            out->set_timeout(format_rfc3339(*item.expiry));
        }
    }
    return r.SerializeAsString();
}

rpc::RawReply fail(std::string text) {
    return rpc::RawReply{true, std::move(text)};
}
rpc::RawReply ok(std::string bytes) {
    return rpc::RawReply{false, std::move(bytes)};
}

// Reads a call's items into `items` (set, mexpire) or `keys` (the rest); the error text, or "".
std::string parse_items(::kv::v1::Request& req, const std::string& name, uint64_t max_value_size,
                        bool need_items, std::vector<Item>& items, std::vector<std::string>& keys) {
    if (static_cast<size_t>(req.items_size()) > kMaxItems) {
        return fmt::format("storage {}: {} items in one call, more than {}", name, req.items_size(),
                           kMaxItems);
    }
    for (auto& in : *req.mutable_items()) {
        if (in.key().empty()) {
            return fmt::format("storage {}: empty key", name);
        }
        if (in.value().size() > max_value_size) {
            return fmt::format(
                "storage {}: the value of '{}' is {} bytes, more than max_value_size ({} bytes)", name,
                in.key(), in.value().size(), max_value_size);
        }
        Expiry expiry;
        if (!in.timeout().empty()) {
            expiry = parse_rfc3339(in.timeout());
            if (!expiry) {
                return fmt::format("storage {}: '{}' is not an RFC 3339 time, e.g. 2026-12-01T10:00:00Z",
                                   name, in.timeout());
            }
        }
        if (need_items) {
            items.push_back(Item{std::move(*in.mutable_key()), std::move(*in.mutable_value()), expiry});
        } else {
            keys.push_back(std::move(*in.mutable_key()));
        }
    }
    return {};
}

// One call on the storage, where its calls run; the serialized kv.v1.Response.
std::string perform(Storage& storage, Service::Op op, const std::vector<Item>& items,
                    const std::vector<std::string>& keys) {
    using Op = Service::Op;
    switch (op) {
    case Op::has: {
        std::vector<Item> out;
        for (auto& k : storage.has(keys)) {
            out.push_back(Item{std::move(k), {}, std::nullopt});
        }
        return response(out, false, false);
    }
    case Op::set:
        storage.set(items);
        break;
    case Op::mget:
        return response(storage.mget(keys), true, false);
    case Op::mexpire:
        storage.mexpire(items);
        break;
    case Op::ttl:
        return response(storage.ttl(keys), false, true);
    case Op::remove:
        storage.remove(keys);
        break;
    case Op::clear:
        storage.clear();
        break;
    }
    return response({}, false, false);
}

} // namespace

Service::Prepared Service::prepare(const char* method, Op op, std::string_view body, uint8_t codec) {
    Prepared p;
    if (!proto_codec(codec)) {
        p.error = fmt::format("{}: takes the proto codec (kv.v1.Request), got flags 0x{:02x}", method, codec);
        return p;
    }
    ::kv::v1::Request req;
    if (!req.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
        p.error = fmt::format("{}: the argument is not a kv.v1.Request", method);
        return p;
    }
    const auto found = storages_.find(req.storage());
    if (found == storages_.end()) {
        p.error = fmt::format("{}: no such storage: {}", method, req.storage());
        return p;
    }
    p.entry = &found->second;
    p.name = found->first;
    std::string error = parse_items(req, p.name, p.entry->max_value_size, op == Op::set || op == Op::mexpire,
                                    p.items, p.keys);
    if (!error.empty()) {
        p.error = fmt::format("{}: {}", method, error);
    } else if (p.items.empty() && p.keys.empty() && op != Op::clear) {
        p.error = fmt::format("{}: storage {}: no keys given", method, p.name);
    }
    return p;
}

asio::awaitable<rpc::RawReply> Service::call(const char* method, Op op, const std::string_view& body,
                                             uint8_t codec) {
    const std::shared_ptr<bool> alive = alive_;
    // Everything but the storage's own work is done in prepare(), a plain function: the request
    // message never lives in this coroutine's frame.
    Prepared p = prepare(method, op, body, codec);
    if (!p.error.empty()) {
        co_return fail(std::move(p.error));
    }
    Storage* storage = p.entry->storage.get();
    const std::vector<Item>& items = p.items;
    const std::vector<std::string>& keys = p.keys;
    const std::function<std::string()> work = [storage, op, &items, &keys]() {
        return perform(*storage, op, items, keys);
    };
    std::string error;
    std::string bytes;
    try {
        bytes = co_await run(*p.entry, work);
    } catch (const std::exception& e) {
        error = e.what();
    }
    if (!*alive) {
        co_return fail(fmt::format("{}: the server is stopping", method));
    }
    if (!error.empty()) {
        co_return fail(fmt::format("{}: storage {}: {}", method, p.name, error));
    }
    co_return ok(std::move(bytes));
}

void register_rpc(rpc::Dispatcher& dispatcher, Service& service) {
    struct Method {
        const char* name;
        Service::Op op;
    };
    constexpr std::array kMethods = {
        Method{"kv.Has", Service::Op::has},    Method{"kv.Set", Service::Op::set},
        Method{"kv.MGet", Service::Op::mget},  Method{"kv.MExpire", Service::Op::mexpire},
        Method{"kv.TTL", Service::Op::ttl},    Method{"kv.Delete", Service::Op::remove},
        Method{"kv.Clear", Service::Op::clear}};
    for (const Method& m : kMethods) {
        // `body` points into the frame the dispatcher holds until this call has answered.
        dispatcher.add_raw(m.name,
                           [&service, m](std::string_view body, uint8_t codec,
                                         const rpc::Caller&) -> asio::awaitable<rpc::RawReply> {
                               co_return co_await service.call(m.name, m.op, body, codec);
                           });
    }
}

} // namespace rr::kv
