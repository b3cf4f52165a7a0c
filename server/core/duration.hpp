// Durations and sizes as config values: "30s", "1m30s", "250ms", "64KB", "1MB".
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace rr {

using Duration = std::chrono::milliseconds;

// Go-style duration: a sequence of <number><unit>, units ns us ms s m h. A bare number is rejected
// (RR reads it as nanoseconds, which is never what was meant).
std::optional<Duration> parse_duration(std::string_view text);

// Byte size: a number with an optional unit B, KB, MB, GB (powers of 1024), case-insensitive.
std::optional<uint64_t> parse_size(std::string_view text);

} // namespace rr
