#include "server/jobs/jobs_rpc.hpp"

#include "goridge-compat/frame.hpp"

#include <fmt/format.h>

#include <array>
#include <functional>

namespace asio = boost::asio;

namespace rr::jobs {

namespace {

enum class Op { push, push_batch, pause, resume, list, declare, destroy, stat };

rpc::RawReply fail(std::string text) {
    return rpc::RawReply{true, std::move(text)};
}
rpc::RawReply ok(const google::protobuf::MessageLite& m) {
    return rpc::RawReply{false, m.SerializeAsString()};
}

// The jobs of a Push or PushBatch request; nullptr when the bytes are not one.
std::unique_ptr<std::vector<::jobs::v1::Job>> parse_push(Op op, std::string_view body) {
    auto list = std::make_unique<std::vector<::jobs::v1::Job>>();
    if (op == Op::push) {
        ::jobs::v1::PushRequest req;
        if (!req.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
            return nullptr;
        }
        list->push_back(std::move(*req.mutable_job()));
    } else {
        ::jobs::v1::PushBatchRequest req;
        if (!req.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
            return nullptr;
        }
        list->assign(std::make_move_iterator(req.mutable_jobs()->begin()),
                     std::make_move_iterator(req.mutable_jobs()->end()));
    }
    return list;
}

rpc::RawReply empty_or(const char* method, const std::string& error) {
    return error.empty() ? ok(::jobs::v1::Empty()) : fail(fmt::format("{}: {}", method, error));
}

// The calls that do not wait, start to end.
rpc::RawReply call_now(Jobs& jobs, const char* method, Op op, std::string_view body) {
    const auto parse = [&](google::protobuf::MessageLite& m) {
        return m.ParseFromArray(body.data(), static_cast<int>(body.size())); // empty: all defaults
    };
    const auto result = [&](const std::string& error, const google::protobuf::MessageLite& reply) {
        return error.empty() ? ok(reply) : fail(fmt::format("{}: {}", method, error));
    };
    switch (op) {
    case Op::pause:
    case Op::resume:
    case Op::destroy: {
        ::jobs::v1::Pipelines req;
        if (!parse(req)) {
            return fail(fmt::format("{}: the argument is not a jobs.v1.Pipelines", method));
        }
        const std::vector<std::string> names(req.pipelines().begin(), req.pipelines().end());
        if (op == Op::pause) {
            return empty_or(method, jobs.pause(names));
        }
        if (op == Op::resume) {
            return empty_or(method, jobs.resume(names));
        }
        std::vector<std::string> destroyed;
        const std::string error = jobs.destroy(names, destroyed);
        ::jobs::v1::Pipelines out;
        for (const auto& n : destroyed) {
            out.add_pipelines(n);
        }
        return result(error, out);
    }
    case Op::list: {
        ::jobs::v1::Pipelines out;
        for (const auto& n : jobs.list()) {
            out.add_pipelines(n);
        }
        return ok(out);
    }
    case Op::declare: {
        ::jobs::v1::DeclareRequest req;
        if (!parse(req)) {
            return fail(fmt::format("{}: the argument is not a jobs.v1.DeclareRequest", method));
        }
        const std::map<std::string, std::string> options(req.pipeline().begin(), req.pipeline().end());
        return empty_or(method, jobs.declare(options));
    }
    case Op::stat:
        return ok(jobs.stats());
    case Op::push:
    case Op::push_batch:
        break;
    }
    return fail(fmt::format("{}: unknown", method));
}

// One call. Pushes wait for their pipeline's store or broker; Stat asks beanstalkd first.
asio::awaitable<rpc::RawReply> call(Jobs& jobs, const char* method, Op op, std::string_view body,
                                    uint8_t codec) {
    if ((codec & goridge::flag::kCodecProto) == 0) {
        co_return fail(
            fmt::format("{}: takes the proto codec (jobs.v1 messages), got flags 0x{:02x}", method, codec));
    }
    if (op == Op::push || op == Op::push_batch) {
        auto list = parse_push(op, body);
        if (!list) {
            co_return fail(fmt::format("{}: the argument is not a jobs.v1.{}", method,
                                       op == Op::push ? "PushRequest" : "PushBatchRequest"));
        }
        const std::string error = co_await jobs.push(std::move(list));
        co_return empty_or(method, error);
    }
    if (op == Op::stat) {
        co_await jobs.refresh_counts();
        co_return ok(jobs.stats()); // (`body` is not used after a wait: its bytes may be gone)
    }
    co_return call_now(jobs, method, op, body);
}

} // namespace

void register_rpc(rpc::Dispatcher& dispatcher, Jobs& jobs) {
    struct Method {
        const char* name;
        Op op;
    };
    constexpr std::array kMethods = {
        Method{"jobs.Push", Op::push},       Method{"jobs.PushBatch", Op::push_batch},
        Method{"jobs.Pause", Op::pause},     Method{"jobs.Resume", Op::resume},
        Method{"jobs.List", Op::list},       Method{"jobs.Declare", Op::declare},
        Method{"jobs.Destroy", Op::destroy}, Method{"jobs.Stat", Op::stat}};
    for (const Method& m : kMethods) {
        dispatcher.add_raw(m.name,
                           [&jobs, m](std::string_view body, uint8_t codec,
                                      const rpc::Caller&) -> asio::awaitable<rpc::RawReply> {
                               co_return co_await call(jobs, m.name, m.op, body, codec);
                           });
    }
}

} // namespace rr::jobs
