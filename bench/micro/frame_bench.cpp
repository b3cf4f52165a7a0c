// Goridge frame codec micro-benchmarks (DESIGN.md §9: >= 1 M frames/s per core over a socketpair).
#include "goridge-compat/frame.hpp"

#include <benchmark/benchmark.h>

#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace {
using namespace rr::goridge;

const std::string kContext = R"({"status":200,"headers":{"Content-Type":["text/html; charset=UTF-8"]}})";
const std::string kBody = "Hello, World!";

void BM_EncodeJob(benchmark::State& state) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(encode_job(flag::kCodecJson, kContext, kBody));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeJob);

void BM_DecodeFrame(benchmark::State& state) {
    const std::string bytes = encode_job(flag::kCodecJson, kContext, kBody);
    FrameDecoder d;
    Frame f;
    for (auto _ : state) {
        d.feed(bytes);
        benchmark::DoNotOptimize(d.next(f));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeFrame);

// Write a frame into one end of a socketpair, read and decode it at the other: one frame's round
// trip through the kernel, as between the master and a worker.
void BM_SocketpairRoundTrip(benchmark::State& state) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
        state.SkipWithError("socketpair failed");
        return;
    }
    const std::string bytes = encode_job(flag::kCodecJson, kContext, kBody);
    FrameDecoder d;
    Frame f;
    char buf[4096];
    for (auto _ : state) {
        if (write(sv[0], bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size())) {
            state.SkipWithError("write failed");
            break;
        }
        while (d.next(f) != FrameDecoder::Result::frame) {
            const ssize_t n = read(sv[1], buf, sizeof buf);
            if (n <= 0) {
                state.SkipWithError("read failed");
                break;
            }
            d.feed(buf, static_cast<std::size_t>(n));
        }
    }
    state.SetItemsProcessed(state.iterations());
    close(sv[0]);
    close(sv[1]);
}
BENCHMARK(BM_SocketpairRoundTrip);

} // namespace

BENCHMARK_MAIN();
