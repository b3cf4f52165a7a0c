// Requests, server errors and latency per second over the last minutes, for the dashboard: a ring
// of one-second buckets, written by the master's event loop only (no locks).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>

namespace rr::http {

class RequestStats {
public:
    static constexpr std::size_t kSeconds = 300;
    static constexpr std::size_t kLatencyBuckets = 25; // powers of two of microseconds, up to ~17 s

    // Counts one request (a 5xx `status` counts as a server error; 0: the client left unanswered).
    void record(int status, std::chrono::microseconds elapsed);
    // The last `seconds` seconds, oldest first, as a JSON array of
    // {"t": unix seconds, "requests", "errors", "p50_ms", "p99_ms"} (latencies from the buckets).
    std::string history_json(std::size_t seconds) const;

    // The instance connections record into; null when no dashboard asks for it.
    static RequestStats* active();
    static void activate(RequestStats* stats);

private:
    struct Second {
        int64_t t = 0;
        uint64_t requests = 0;
        uint64_t errors = 0;
        std::array<uint32_t, kLatencyBuckets> latency{};
    };
    Second& bucket(int64_t t);

    std::array<Second, kSeconds> ring_{};
};

} // namespace rr::http
