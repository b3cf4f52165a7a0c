#include "app_logger.hpp"

#include "applogger.pb.h"
#include "goridge-compat/frame.hpp"
#include "server/core/log.hpp"

#include <boost/json/parse.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace rr::applog {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

struct Level {
    const char* name;
    spdlog::level::level_enum level; // spdlog::level::off: app.Log, raw to stderr
};
constexpr std::array kLevels = {Level{"Error", spdlog::level::err}, Level{"Warning", spdlog::level::warn},
                                Level{"Info", spdlog::level::info}, Level{"Debug", spdlog::level::debug},
                                Level{"Log", spdlog::level::off}};

void write_line(const Level& l, const rpc::Caller& caller, const std::string& text,
                const log::Fields& fields = {}) {
    if (l.level == spdlog::level::off) {
        std::string line = text;
        for (const auto& [key, value] : fields) {
            line.append(" ").append(key).append("=").append(value);
        }
        if (!line.ends_with('\n')) {
            line += '\n';
        }
        [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
        return;
    }
    log::log_fields(log::channel("app"), l.level,
                    caller.pid > 0 ? fmt::format("worker {}: {}", caller.pid, text) : text, fields);
}

rpc::RawReply plain(const Level& l, std::string_view body, uint8_t codec, const rpc::Caller& caller) {
    if ((codec & goridge::flag::kCodecJson) == 0) {
        return {true,
                fmt::format("app.{}: takes the JSON codec (a string), got flags 0x{:02x}", l.name, codec)};
    }
    boost::system::error_code ec;
    const json::value v = json::parse(body, ec);
    if (ec || !v.is_string()) {
        return {true, fmt::format("app.{}: the argument must be a JSON string", l.name)};
    }
    write_line(l, caller, std::string(v.as_string()));
    return {false, "false"};
}

rpc::RawReply with_context(const Level& l, std::string_view body, uint8_t codec, const rpc::Caller& caller) {
    if ((codec & goridge::flag::kCodecProto) == 0) {
        return {true,
                fmt::format("app.{}WithContext: takes the proto codec (applogger.v1.LogEntry), got flags "
                            "0x{:02x}",
                            l.name, codec)};
    }
    applogger::v1::LogEntry entry;
    if (!entry.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
        return {true, fmt::format("app.{}WithContext: the argument is not an applogger.v1.LogEntry", l.name)};
    }
    log::Fields fields;
    for (const auto& attr : entry.log_attrs()) {
        fields.emplace_back(attr.key(), attr.value());
    }
    write_line(l, caller, entry.message(), fields);
    return {false, applogger::v1::Response().SerializeAsString()};
}

} // namespace

void register_rpc(rpc::Dispatcher& dispatcher) {
    for (const Level& l : kLevels) {
        dispatcher.add_raw(fmt::format("app.{}", l.name),
                           [&l](std::string_view body, uint8_t codec,
                                const rpc::Caller& caller) -> asio::awaitable<rpc::RawReply> {
                               co_return plain(l, body, codec, caller);
                           });
        dispatcher.add_raw(fmt::format("app.{}WithContext", l.name),
                           [&l](std::string_view body, uint8_t codec,
                                const rpc::Caller& caller) -> asio::awaitable<rpc::RawReply> {
                               co_return with_context(l, body, codec, caller);
                           });
    }
}

} // namespace rr::applog
