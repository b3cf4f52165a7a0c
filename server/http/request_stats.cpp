#include "request_stats.hpp"

#include <bit>
#include <ctime>
#include <fmt/format.h>

namespace rr::http {
namespace {

RequestStats* g_active = nullptr;

// The upper bound, in milliseconds, of the bucket where the q-th fraction of `n` requests falls.
double quantile_ms(const std::array<uint32_t, RequestStats::kLatencyBuckets>& buckets, uint64_t n, double q) {
    if (n == 0) {
        return 0;
    }
    const auto want = static_cast<uint64_t>(static_cast<double>(n) * q + 0.5);
    uint64_t seen = 0;
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        seen += buckets[i];
        if (seen >= want && seen > 0) {
            return static_cast<double>(uint64_t{1} << i) / 1000.0;
        }
    }
    return static_cast<double>(uint64_t{1} << (buckets.size() - 1)) / 1000.0;
}

} // namespace

RequestStats* RequestStats::active() {
    return g_active;
}

void RequestStats::activate(RequestStats* stats) {
    g_active = stats;
}

RequestStats::Second& RequestStats::bucket(int64_t t) {
    Second& s = ring_[static_cast<std::size_t>(t) % kSeconds];
    if (s.t != t) {
        s = Second{};
        s.t = t;
    }
    return s;
}

void RequestStats::record(int status, std::chrono::microseconds elapsed) {
    Second& s = bucket(static_cast<int64_t>(std::time(nullptr)));
    ++s.requests;
    if (status >= 500) {
        ++s.errors;
    }
    const auto us = static_cast<uint64_t>(elapsed.count() > 0 ? elapsed.count() : 1);
    const std::size_t i =
        std::min<std::size_t>(kLatencyBuckets - 1, static_cast<std::size_t>(std::bit_width(us)));
    ++s.latency[i];
}

std::string RequestStats::history_json(std::size_t seconds) const {
    const auto now = static_cast<int64_t>(std::time(nullptr));
    const auto n = static_cast<int64_t>(seconds < kSeconds ? seconds : kSeconds);
    std::string out = "[";
    for (int64_t t = now - n + 1; t <= now; ++t) {
        const Second& s = ring_[static_cast<std::size_t>(t) % kSeconds];
        const bool valid = s.t == t;
        const uint64_t requests = valid ? s.requests : 0;
        fmt::format_to(std::back_inserter(out),
                       "{}{{\"t\":{},\"requests\":{},\"errors\":{},\"p50_ms\":{},\"p99_ms\":{}}}",
                       t == now - n + 1 ? "" : ",", t, requests, valid ? s.errors : 0,
                       valid ? quantile_ms(s.latency, requests, 0.5) : 0.0,
                       valid ? quantile_ms(s.latency, requests, 0.99) : 0.0);
    }
    out += "]";
    return out;
}

} // namespace rr::http
