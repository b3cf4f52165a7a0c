#include "server/metrics/process_metrics.hpp"

#include <dirent.h>
#include <fstream>
#include <memory>
#include <sstream>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

namespace rr::metrics {

namespace {

struct ProcessStat {
    double cpu_seconds = 0;
    double virtual_bytes = 0;
    double resident_bytes = 0;
    double start_time = 0; // Unix seconds
};

ProcessStat read_stat() {
    ProcessStat out;
    std::ifstream f("/proc/self/stat");
    std::string line;
    std::getline(f, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos) {
        return out;
    }
    std::istringstream fields(line.substr(close + 2));
    std::vector<std::string> v;
    for (std::string s; fields >> s;) {
        v.push_back(s);
    }
    // Fields from 3 (state) on: utime 14, stime 15, starttime 22, vsize 23, rss 24 (1-based).
    if (v.size() < 22) {
        return out;
    }
    const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
    const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
    out.cpu_seconds = (std::stod(v[11]) + std::stod(v[12])) / tick;
    out.virtual_bytes = std::stod(v[20]);
    out.resident_bytes = std::stod(v[21]) * page;
    double boot = 0;
    std::ifstream st("/proc/stat");
    for (std::string l; std::getline(st, l);) {
        if (l.starts_with("btime ")) {
            boot = std::stod(l.substr(6));
        }
    }
    out.start_time = boot + std::stod(v[19]) / tick;
    return out;
}

double open_fds() {
    double n = 0;
    if (DIR* d = ::opendir("/proc/self/fd")) {
        while (const dirent* e = ::readdir(d)) {
            n += e->d_name[0] == '.' ? 0 : 1;
        }
        ::closedir(d);
        n -= 1; // the directory stream's own descriptor
    }
    return n;
}

} // namespace

void add_process_metrics(Registry& registry) {
    registry.declare(Desc{"process_cpu_seconds_total",
                          "Total user and system CPU time spent in seconds.",
                          Type::counter,
                          {},
                          {},
                          {}});
    registry.declare(
        Desc{"process_resident_memory_bytes", "Resident memory size in bytes.", Type::gauge, {}, {}, {}});
    registry.declare(
        Desc{"process_virtual_memory_bytes", "Virtual memory size in bytes.", Type::gauge, {}, {}, {}});
    registry.declare(Desc{"process_start_time_seconds",
                          "Start time of the process since unix epoch in seconds.",
                          Type::gauge,
                          {},
                          {},
                          {}});
    registry.declare(Desc{"process_open_fds", "Number of open file descriptors.", Type::gauge, {}, {}, {}});
    registry.declare(
        Desc{"process_max_fds", "Maximum number of open file descriptors.", Type::gauge, {}, {}, {}});
    auto counted = std::make_shared<double>(0);
    registry.on_scrape([counted](Registry& r) {
        const ProcessStat s = read_stat();
        if (s.cpu_seconds > *counted) {
            r.add("process_cpu_seconds_total", s.cpu_seconds - *counted);
            *counted = s.cpu_seconds;
        }
        r.set("process_resident_memory_bytes", s.resident_bytes);
        r.set("process_virtual_memory_bytes", s.virtual_bytes);
        r.set("process_start_time_seconds", s.start_time);
        r.set("process_open_fds", open_fds());
        rlimit lim{};
        if (::getrlimit(RLIMIT_NOFILE, &lim) == 0) {
            r.set("process_max_fds", static_cast<double>(lim.rlim_cur));
        }
    });
}

} // namespace rr::metrics
