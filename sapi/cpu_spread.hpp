// http.pool.cpu_affinity: each worker the zygote forks is pinned to one CPU, the one of the CPUs
// rr-php may run on (its affinity mask: a container's cpuset is respected) that has the fewest live
// workers, so N workers spread evenly over the cores and stay there, as nginx's
// `worker_cpu_affinity auto` does. The scheduler then never puts two workers on one core while
// another idles, nor moves a worker away from the caches it warmed.
#pragma once

#include <sys/types.h>

#include <unordered_map>
#include <vector>

namespace rr::sapi {

class CpuSpread {
public:
    // `on`: whether to pin at all (pick() gives -1 otherwise).
    explicit CpuSpread(bool on);

    // The CPU for the next worker, or -1.
    int pick() const;
    void started(pid_t pid, int cpu);
    void ended(pid_t pid);

    // In the forked worker: pins the calling process to `cpu` (nothing for -1).
    static void pin(int cpu);

private:
    std::vector<int> cpus_;              // the CPUs to use
    std::unordered_map<int, int> load_;  // CPU -> live workers on it
    std::unordered_map<pid_t, int> cpu_; // worker -> its CPU
};

} // namespace rr::sapi
