#include "cpu_spread.hpp"

#include <sched.h>

namespace rr::sapi {

CpuSpread::CpuSpread(bool on) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (!on || ::sched_getaffinity(0, sizeof set, &set) != 0) {
        return;
    }
    for (int c = 0; c < CPU_SETSIZE; ++c) {
        if (CPU_ISSET(c, &set)) {
            cpus_.push_back(c);
        }
    }
    if (cpus_.size() < 2) {
        cpus_.clear(); // one CPU: nothing to spread
    }
}

int CpuSpread::pick() const {
    int best = -1;
    int best_load = 0;
    for (int c : cpus_) {
        const auto it = load_.find(c);
        const int load = it == load_.end() ? 0 : it->second;
        if (best < 0 || load < best_load) {
            best = c;
            best_load = load;
        }
    }
    return best;
}

void CpuSpread::started(pid_t pid, int cpu) {
    if (cpu >= 0) {
        cpu_[pid] = cpu;
        ++load_[cpu];
    }
}

void CpuSpread::ended(pid_t pid) {
    const auto it = cpu_.find(pid);
    if (it != cpu_.end()) {
        --load_[it->second];
        cpu_.erase(it);
    }
}

void CpuSpread::pin(int cpu) {
    if (cpu < 0) {
        return;
    }
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    ::sched_setaffinity(0, sizeof set, &set);
}

} // namespace rr::sapi
