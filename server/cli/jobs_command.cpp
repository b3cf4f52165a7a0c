#include "server/cli/jobs_command.hpp"

#include "server/cli/control.hpp"

#include "goridge-compat/frame.hpp"
#include "goridge-compat/rpc_client.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

namespace rr::cli {
namespace {

constexpr std::size_t kColumns = 8;
using Row = std::array<std::string, kColumns>;

std::string table(const Row& head, const std::vector<Row>& rows) {
    std::array<std::size_t, kColumns> width{};
    for (std::size_t i = 0; i < kColumns; ++i) {
        width[i] = head[i].size();
        for (const auto& r : rows) {
            width[i] = std::max(width[i], r[i].size());
        }
    }
    std::string rule = "+";
    for (auto w : width) {
        rule += std::string(w + 2, '-') + "+";
    }
    rule += "\n";
    auto line = [&](const Row& r) {
        std::string s = "|";
        for (std::size_t i = 0; i < kColumns; ++i) {
            s += " " + r[i] + std::string(width[i] - r[i].size(), ' ') + " |";
        }
        return s + "\n";
    };
    std::string out = rule + line(head) + rule;
    for (const auto& r : rows) {
        out += line(r);
    }
    return out + rule;
}

// One jobs.* call with a protobuf argument; the reply parsed into `reply`. Throws goridge::RpcError.
void call(goridge::RpcConnection& c, const char* method, const google::protobuf::MessageLite& arg,
          google::protobuf::MessageLite& reply) {
    const goridge::RpcReply r =
        c.call(method, arg.SerializeAsString(), goridge::flag::kCodecProto, std::chrono::seconds(60));
    if (r.error) {
        throw goridge::RpcError(r.body);
    }
    if (!reply.ParseFromString(r.body)) {
        throw goridge::RpcError(fmt::format("{}: the reply is not a jobs.v1 message", method));
    }
}

} // namespace

std::string render_pipelines(const ::jobs::v1::Stats& stats) {
    std::vector<Row> rows;
    for (const auto& s : stats.stats()) {
        rows.push_back({s.ready() ? "ready" : "paused", s.pipeline(), s.driver(), s.queue(),
                        std::to_string(s.priority()), std::to_string(s.active()), std::to_string(s.delayed()),
                        std::to_string(s.reserved())});
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a[1] < b[1]; });
    return table({"STATUS", "PIPELINE", "DRIVER", "QUEUE", "PRIORITY", "ACTIVE", "DELAYED", "RESERVED"},
                 rows);
}

int run_jobs(const Command& cmd) {
    try {
        auto c = goridge::RpcConnection::connect(cmd.config.rpc.listen);
        const char* method = nullptr;
        const char* done = nullptr;
        switch (cmd.jobs_action) {
        case Command::JobsAction::list:
            break;
        case Command::JobsAction::pause:
            method = "jobs.Pause";
            done = "paused";
            break;
        case Command::JobsAction::resume:
            method = "jobs.Resume";
            done = "resumed";
            break;
        case Command::JobsAction::destroy:
            method = "jobs.Destroy";
            done = "destroyed";
            break;
        }
        if (method != nullptr) {
            ::jobs::v1::Pipelines arg;
            for (const auto& p : cmd.plugins) {
                arg.add_pipelines(p);
            }
            ::jobs::v1::Pipelines reply;
            call(c, method, arg, reply);
            if (!cmd.silent) {
                std::string names;
                for (const auto& p : cmd.plugins) {
                    names.append(names.empty() ? "" : ", ").append(p);
                }
                std::printf("Pipelines %s: %s\n", done, names.c_str());
            }
        }
        ::jobs::v1::Stats stats;
        call(c, "jobs.Stat", ::jobs::v1::Empty(), stats);
        std::fputs(render_pipelines(stats).c_str(), stdout);
    } catch (const goridge::RpcError& e) {
        error_line(std::string(e.what()) +
                   (std::string_view(e.what()).starts_with("cannot reach") ? rpc_hint(cmd) : ""));
        return 1;
    }
    return 0;
}

} // namespace rr::cli
