// Control frames of the worker lifecycle (PROTOCOL.md §2.3, §2.7): the PID handshake and stop.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace rr::goridge {

// {"pid":N} as the server sends it (flags CONTROL|JSON) and as workers answer (flags CONTROL).
// rr-php's own worker runtime adds "offers":true: it understands job offers (goridge-compat/offer_slot.hpp).
std::string pid_payload(int64_t pid, bool offers = false);
inline constexpr std::string_view kStopPayload = R"({"stop":true})";

struct ControlCommand {
    int64_t pid = 0;     // > 0 when the payload carries a pid
    bool stop = false;   // truthy "stop"
    bool offers = false; // truthy "offers"
    bool valid = false;
};

// Parses a control frame payload; `valid` is false for anything that is not a JSON object.
ControlCommand parse_control(std::string_view payload);

// A worker reply whose context is exactly {"stop":true} with an empty body: the worker asks to be
// replaced and the job to be retried elsewhere (PHP Worker::stop()).
bool is_stop_reply(std::string_view context, std::string_view body);

} // namespace rr::goridge
