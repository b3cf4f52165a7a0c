// A /metrics scrape of 10 000 series (the target: under 50 ms), in both formats: one gauge family
// with 10 000 label values, and 1 000 histograms of 14 buckets (16 000 lines) beside it.
#include "server/metrics/registry.hpp"

#include <benchmark/benchmark.h>

#include <string>

namespace {
using namespace rr::metrics;

void fill(Registry& r, bool histograms) {
    r.declare(Desc{"app_items", "Items per shard", Type::gauge, {"shard"}, {}, {}});
    for (int i = 0; i < 10000; ++i) {
        r.set("app_items", i * 1.5, {"shard-" + std::to_string(i)});
    }
    if (histograms) {
        r.declare(Desc{"app_latency_seconds",
                       "Latency",
                       Type::histogram,
                       {"route"},
                       {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60},
                       {}});
        for (int i = 0; i < 1000; ++i) {
            r.observe("app_latency_seconds", 0.042, {"/route/" + std::to_string(i)});
        }
    }
}

void BM_Scrape10kSeries(benchmark::State& state) {
    Registry r;
    fill(r, state.range(1) != 0);
    const Format f = state.range(0) != 0 ? Format::openmetrics : Format::text;
    size_t bytes = 0;
    for (auto _ : state) {
        const std::string out = r.expose(f);
        bytes = out.size();
        benchmark::DoNotOptimize(out.data());
    }
    state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_Scrape10kSeries)
    ->ArgNames({"openmetrics", "histograms"})
    ->Args({0, 0})
    ->Args({1, 0})
    ->Args({0, 1})
    ->Unit(benchmark::kMillisecond);

} // namespace
