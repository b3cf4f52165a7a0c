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

// One call, start to end (no coroutine needed: nothing here waits).
rpc::RawReply call(Jobs& jobs, const char* method, Op op, std::string_view body, uint8_t codec) {
    if ((codec & goridge::flag::kCodecProto) == 0) {
        return fail(
            fmt::format("{}: takes the proto codec (jobs.v1 messages), got flags 0x{:02x}", method, codec));
    }
    const auto parse = [&](google::protobuf::MessageLite& m) {
        return m.ParseFromArray(body.data(), static_cast<int>(body.size())); // empty: all defaults
    };
    const auto result = [&](const std::string& error, const google::protobuf::MessageLite& reply) {
        return error.empty() ? ok(reply) : fail(fmt::format("{}: {}", method, error));
    };
    const ::jobs::v1::Empty empty;
    switch (op) {
    case Op::push: {
        ::jobs::v1::PushRequest req;
        if (!parse(req)) {
            return fail(fmt::format("{}: the argument is not a jobs.v1.PushRequest", method));
        }
        std::vector<::jobs::v1::Job> list;
        list.push_back(std::move(*req.mutable_job()));
        return result(jobs.push(std::move(list)), empty);
    }
    case Op::push_batch: {
        ::jobs::v1::PushBatchRequest req;
        if (!parse(req)) {
            return fail(fmt::format("{}: the argument is not a jobs.v1.PushBatchRequest", method));
        }
        std::vector<::jobs::v1::Job> list(std::make_move_iterator(req.mutable_jobs()->begin()),
                                          std::make_move_iterator(req.mutable_jobs()->end()));
        return result(jobs.push(std::move(list)), empty);
    }
    case Op::pause:
    case Op::resume:
    case Op::destroy: {
        ::jobs::v1::Pipelines req;
        if (!parse(req)) {
            return fail(fmt::format("{}: the argument is not a jobs.v1.Pipelines", method));
        }
        const std::vector<std::string> names(req.pipelines().begin(), req.pipelines().end());
        if (op == Op::pause) {
            return result(jobs.pause(names), empty);
        }
        if (op == Op::resume) {
            return result(jobs.resume(names), empty);
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
        return result(jobs.declare(options), empty);
    }
    case Op::stat:
        return ok(jobs.stats());
    }
    return fail(fmt::format("{}: unknown", method));
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
                               co_return call(jobs, m.name, m.op, body, codec);
                           });
    }
}

} // namespace rr::jobs
