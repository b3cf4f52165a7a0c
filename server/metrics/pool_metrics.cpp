#include "server/metrics/pool_metrics.hpp"

namespace rr::metrics {

void add_pool_metrics(Registry& registry, const std::string& plugin, const pool::Pool& pool) {
    const std::string p = "rr_" + plugin + "_";
    const auto gauge = [&](const std::string& name, const std::string& help,
                           std::vector<std::string> labels = {}) {
        registry.declare(Desc{p + name, help, Type::gauge, std::move(labels), {}, {}});
    };
    gauge("total_workers", "Total number of workers used by the " + plugin + " plugin");
    gauge("workers_ready", "Workers currently in the ready state");
    gauge("workers_working", "Workers currently in the working state");
    gauge("workers_invalid",
          "Workers currently in the invalid, killing, destroyed, errored or inactive states");
    gauge("workers_memory_bytes", "Memory usage by the workers (sum of RSS)");
    gauge("worker_memory_bytes", "Worker current memory usage (RSS)", {"pid"});
    gauge("worker_state", "Worker current state (the value is 0: the state is the label)", {"state", "pid"});
    registry.on_scrape([p, &pool](Registry& r) {
        r.clear_series(p + "worker_memory_bytes");
        r.clear_series(p + "worker_state");
        double ready = 0;
        double working = 0;
        double invalid = 0;
        double memory = 0;
        const auto workers = pool.info();
        for (const auto& w : workers) {
            const std::string pid = std::to_string(w.pid);
            switch (w.state) {
            case pool::WorkerState::ready:
                ++ready;
                break;
            case pool::WorkerState::working:
                ++working;
                break;
            default:
                ++invalid;
            }
            memory += static_cast<double>(w.memory);
            r.set(p + "worker_memory_bytes", static_cast<double>(w.memory), {pid});
            r.set(p + "worker_state", 0, {pool::state_name(w.state), pid});
        }
        r.set(p + "total_workers", static_cast<double>(workers.size()));
        r.set(p + "workers_ready", ready);
        r.set(p + "workers_working", working);
        r.set(p + "workers_invalid", invalid);
        r.set(p + "workers_memory_bytes", memory);
    });
}

} // namespace rr::metrics
