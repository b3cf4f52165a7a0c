// The expiry times of kv.v1 items: RFC 3339 timestamps ("2026-12-01T05:34:16Z",
// "2026-12-01T06:34:16+01:00", optional fractions of a second), as PHP's DateTime::RFC3339 and
// Go's time.RFC3339 write them. Written by hand: std::chrono::parse is not in GCC 12.
#pragma once

#include "server/kv/storage.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace rr::kv {

// The time `s` names; nullopt when it is not an RFC 3339 date-time.
std::optional<Clock::time_point> parse_rfc3339(std::string_view s);
// `t` in UTC, whole seconds, "Z" suffix.
std::string format_rfc3339(Clock::time_point t);

} // namespace rr::kv
