#include "server/kv/service.hpp"

#include "goridge-compat/frame.hpp"
#include "kv.pb.h"
#include "server/core/log.hpp"
#include "server/kv/rfc3339.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include <array>

namespace asio = boost::asio;

namespace rr::kv {

Service::~Service() {
    *alive_ = false;
    for (auto& [name, e] : storages_) {
        if (e.upkeep_timer) {
            e.upkeep_timer->cancel();
        }
    }
    for (auto& [name, e] : storages_) {
        if (e.thread) {
            e.thread->join(); // every call in flight is bounded by its driver's timeouts
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

asio::awaitable<std::string> Service::run(Entry& entry, const std::function<std::string()>& work) {
    if (!entry.thread) {
        co_return work();
    }
    const std::function<std::string()>* job = &work;
    auto& pool = *entry.thread;
    std::string result =
        co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr, std::string)>(
            [job, &pool](auto handler) {
                asio::post(pool, [job, handler = std::move(handler)]() mutable {
                    std::exception_ptr error;
                    std::string out;
                    try {
                        out = (*job)();
                    } catch (...) {
                        error = std::current_exception();
                    }
                    auto ex = asio::get_associated_executor(handler);
                    asio::dispatch(ex, [handler = std::move(handler), error, out = std::move(out)]() mutable {
                        std::move(handler)(error, std::move(out));
                    });
                });
            },
            asio::use_awaitable);
    co_return result;
}

asio::awaitable<void> Service::upkeep(const std::string* name, Entry* entry) {
    const std::shared_ptr<bool> alive = alive_;
    const std::function<std::string()> sweep = [entry] {
        entry->storage->maintain();
        return std::string();
    };
    while (*alive) {
        entry->upkeep_timer->expires_after(entry->storage->maintenance_interval());
        boost::system::error_code ec;
        co_await entry->upkeep_timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (!*alive || ec) {
            co_return;
        }
        try {
            co_await run(*entry, sweep);
        } catch (const std::exception& e) {
            if (*alive) {
                log::channel("kv").warn("kv.{}: the sweep of expired keys failed: {}", *name, e.what());
            }
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

std::string empty_response() {
    return ::kv::v1::Response().SerializeAsString();
}

} // namespace

asio::awaitable<rpc::RawReply> Service::call(const char* method, Op op, const std::string& body,
                                             uint8_t codec) {
    const std::shared_ptr<bool> alive = alive_;
    if (!proto_codec(codec)) {
        co_return rpc::RawReply{
            true,
            fmt::format("{}: takes the proto codec (kv.v1.Request), got flags 0x{:02x}", method, codec)};
    }
    ::kv::v1::Request req;
    if (!req.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
        co_return rpc::RawReply{true, fmt::format("{}: the argument is not a kv.v1.Request", method)};
    }
    const auto found = storages_.find(req.storage());
    if (found == storages_.end()) {
        co_return rpc::RawReply{true, fmt::format("{}: no such storage: {}", method, req.storage())};
    }
    Entry& entry = found->second;
    const std::string& name = found->first;
    std::vector<Item> items;
    std::vector<std::string> keys;
    for (const auto& in : req.items()) {
        if (in.key().empty()) {
            co_return rpc::RawReply{true, fmt::format("{}: storage {}: empty key", method, name)};
        }
        if (in.value().size() > entry.max_value_size) {
            co_return rpc::RawReply{
                true, fmt::format("{}: storage {}: the value of '{}' is {} bytes, more than "
                                  "max_value_size ({} bytes)",
                                  method, name, in.key(), in.value().size(), entry.max_value_size)};
        }
        Item item;
        item.key = in.key();
        item.value = in.value();
        if (!in.timeout().empty()) {
            item.expiry = parse_rfc3339(in.timeout());
            if (!item.expiry) {
                co_return rpc::RawReply{true,
                                        fmt::format("{}: storage {}: '{}' is not an RFC 3339 time, e.g. "
                                                    "2026-12-01T10:00:00Z",
                                                    method, name, in.timeout())};
            }
        }
        keys.push_back(item.key);
        items.push_back(std::move(item));
    }
    if (keys.empty() && op != Op::clear) {
        co_return rpc::RawReply{true, fmt::format("{}: storage {}: no keys given", method, name)};
    }
    Storage* storage = entry.storage.get();
    const std::function<std::string()> work = [storage, op, &items, &keys]() -> std::string {
        switch (op) {
        case Op::has: {
            std::vector<Item> out;
            for (auto& k : storage->has(keys)) {
                out.push_back(Item{std::move(k), {}, std::nullopt});
            }
            return response(out, false, false);
        }
        case Op::set:
            storage->set(items);
            return empty_response();
        case Op::mget:
            return response(storage->mget(keys), true, false);
        case Op::mexpire:
            storage->mexpire(items);
            return empty_response();
        case Op::ttl:
            return response(storage->ttl(keys), false, true);
        case Op::remove:
            storage->remove(keys);
            return empty_response();
        case Op::clear:
            storage->clear();
            return empty_response();
        }
        return empty_response();
    };
    std::string error;
    std::string bytes;
    try {
        bytes = co_await run(entry, work);
    } catch (const std::exception& e) {
        error = e.what();
    }
    if (!*alive) {
        co_return rpc::RawReply{true, fmt::format("{}: the server is stopping", method)};
    }
    if (!error.empty()) {
        co_return rpc::RawReply{true, fmt::format("{}: storage {}: {}", method, name, error)};
    }
    co_return rpc::RawReply{false, std::move(bytes)};
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
        dispatcher.add_raw(m.name,
                           [&service, m](std::string_view body, uint8_t codec,
                                         const rpc::Caller&) -> asio::awaitable<rpc::RawReply> {
                               // Copied: a storage on its own thread answers after the frame is gone.
                               const std::string copy(body);
                               co_return co_await service.call(m.name, m.op, copy, codec);
                           });
    }
}

} // namespace rr::kv
