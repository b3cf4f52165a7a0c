#include "control.hpp"

#include "server/rpc/rpc_client.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <thread>
#include <unistd.h>

namespace rr::cli {
namespace json = boost::json;

namespace {

std::vector<std::string> plugins_or_all(const Command& cmd, rpc::Client& c, const char* list_method) {
    if (!cmd.plugins.empty()) {
        return cmd.plugins;
    }
    std::vector<std::string> all;
    const json::value v = c.call(list_method, true);
    if (v.is_array()) {
        for (const auto& p : v.as_array()) {
            if (p.is_string()) {
                all.emplace_back(p.as_string());
            }
        }
    }
    return all;
}

std::string human_bytes(uint64_t b) {
    if (b >= (1ull << 30)) {
        return fmt::format("{:.1f} GB", static_cast<double>(b) / (1ull << 30));
    }
    if (b >= (1ull << 20)) {
        return fmt::format("{} MB", b >> 20);
    }
    return fmt::format("{} KB", b >> 10);
}

std::string ago(int64_t created_ns, std::chrono::system_clock::time_point now) {
    const int64_t now_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
    const int64_t s = std::max<int64_t>(0, (now_ns - created_ns) / 1000000000);
    if (s < 60) {
        return fmt::format("{} seconds ago", s);
    }
    if (s < 3600) {
        return fmt::format("{} minutes ago", s / 60);
    }
    if (s < 86400) {
        return fmt::format("{} hours ago", s / 3600);
    }
    return fmt::format("{} days ago", s / 86400);
}

std::atomic<bool> g_interrupted{false};

} // namespace

std::string render_workers(const std::string& plugin, const json::value& reply,
                           std::chrono::system_clock::time_point now) {
    std::vector<std::array<std::string, 6>> rows;
    const json::object* obj = reply.if_object();
    const json::value* list = obj != nullptr ? obj->if_contains("workers") : nullptr;
    if (list != nullptr && list->is_array()) {
        for (const auto& w : list->as_array()) {
            const json::object& o = w.as_object();
            auto num = [&](const char* k) -> int64_t {
                const json::value* v = o.if_contains(k);
                return v != nullptr && v->is_int64()    ? v->as_int64()
                       : v != nullptr && v->is_uint64() ? static_cast<int64_t>(v->as_uint64())
                                                        : 0;
            };
            const json::value* cpu = o.if_contains("CPUPercent");
            const json::value* st = o.if_contains("statusStr");
            rows.push_back(
                {std::to_string(num("pid")),
                 st != nullptr && st->is_string() ? std::string(st->as_string()) : "",
                 std::to_string(num("numExecs")), human_bytes(static_cast<uint64_t>(num("memoryUsage"))),
                 fmt::format("{:.2f}", cpu != nullptr && cpu->is_number() ? cpu->to_number<double>() : 0.0),
                 ago(num("created"), now)});
        }
    }
    const std::array<std::string, 6> head{"PID", "STATUS", "EXECS", "MEMORY", "CPU%", "CREATED"};
    std::array<std::size_t, 6> width{};
    for (std::size_t i = 0; i < 6; ++i) {
        width[i] = head[i].size();
        for (const auto& r : rows) {
            width[i] = std::max(width[i], r[i].size());
        }
    }
    auto line = [&] {
        std::string s = "+";
        for (auto w : width) {
            s += std::string(w + 2, '-') + "+";
        }
        return s + "\n";
    };
    auto row = [&](const std::array<std::string, 6>& r) {
        std::string s = "|";
        for (std::size_t i = 0; i < 6; ++i) {
            s += " " + r[i] + std::string(width[i] - r[i].size(), ' ') + " |";
        }
        return s + "\n";
    };
    std::string out = fmt::format("Workers of [{}]:\n", plugin) + line() + row(head) + line();
    for (const auto& r : rows) {
        out += row(r);
    }
    return out + line();
}

std::string render_summary(const json::value& state) {
    const json::object* o = state.if_object();
    const json::array* h = o != nullptr && o->contains("history") ? o->at("history").if_array() : nullptr;
    if (h == nullptr || h->empty()) {
        return {};
    }
    // The last complete second, and the server errors of the last minute.
    const json::object& last = (h->size() > 1 ? (*h)[h->size() - 2] : h->back()).as_object();
    int64_t errors = 0;
    for (std::size_t i = h->size() > 60 ? h->size() - 60 : 0; i < h->size(); ++i) {
        errors += (*h)[i].as_object().at("errors").to_number<int64_t>();
    }
    int64_t queued = 0;
    if (const json::array* plugins = o->contains("plugins") ? o->at("plugins").if_array() : nullptr) {
        for (const auto& p : *plugins) {
            queued += p.as_object().at("queue").to_number<int64_t>();
        }
    }
    return fmt::format("requests/s {}   p50 {} ms   p99 {} ms   server errors (last minute) {}   queued {}\n",
                       last.at("requests").to_number<int64_t>(), last.at("p50_ms").to_number<double>(),
                       last.at("p99_ms").to_number<double>(), errors, queued);
}

std::string rpc_hint(const Command& cmd) {
    const auto& src = cmd.invocation.sources;
    if (src.config_file.empty()) {
        return fmt::format(
            ". No config file was read (none in {}): run this where serve's .rr.yaml is, or give "
            "it with -c; a server started without one has no RPC unless it was given "
            "-o rpc.listen=ADDRESS, which this command needs too",
            src.workdir);
    }
    return fmt::format(". The address is rpc.listen of {}: serve must run with that config (its rpc section)",
                       src.config_file);
}

int run_reset(const Command& cmd) {
    try {
        rpc::Client c(cmd.config.rpc.listen);
        for (const auto& p : plugins_or_all(cmd, c, "resetter.List")) {
            if (!cmd.silent) {
                std::printf("Resetting plugin: [%s]\n", p.c_str());
                std::fflush(stdout);
            }
            c.call("resetter.Reset", json::value(p),
                   cmd.config.http.pool.reset_timeout + std::chrono::seconds(5));
            if (!cmd.silent) {
                std::printf("Plugin [%s] reset: done\n", p.c_str());
            }
        }
    } catch (const rpc::RpcError& e) {
        error_line(std::string(e.what()) +
                   (std::string_view(e.what()).starts_with("cannot reach") ? rpc_hint(cmd) : ""));
        return 1;
    }
    return 0;
}

int run_workers(const Command& cmd) {
    if (cmd.interactive) {
        struct sigaction sa {};
        sa.sa_handler = [](int) { g_interrupted = true; };
        ::sigaction(SIGINT, &sa, nullptr);
        ::sigaction(SIGTERM, &sa, nullptr);
    }
    try {
        rpc::Client c(cmd.config.rpc.listen);
        const auto plugins = plugins_or_all(cmd, c, "informer.List");
        do {
            std::string out;
            if (cmd.interactive) {
                try { // the dashboard's numbers (an older server has no dashboard.State)
                    out += render_summary(c.call("dashboard.State", json::value(nullptr)));
                } catch (const rpc::RpcError&) {
                }
            }
            for (const auto& p : plugins) {
                out += render_workers(p, c.call("informer.Workers", json::value(p)),
                                      std::chrono::system_clock::now());
            }
            if (cmd.interactive) {
                std::fputs("\x1b[H\x1b[2J", stdout); // redraw in place
            }
            std::fputs(out.c_str(), stdout);
            std::fflush(stdout);
            for (int i = 0; cmd.interactive && i < 10 && !g_interrupted; ++i) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        } while (cmd.interactive && !g_interrupted);
    } catch (const rpc::RpcError& e) {
        error_line(std::string(e.what()) +
                   (std::string_view(e.what()).starts_with("cannot reach") ? rpc_hint(cmd) : ""));
        return 1;
    }
    return 0;
}

int run_stop(const Command& cmd) {
    const std::string path = cmd.invocation.sources.workdir + "/.pid";
    std::ifstream in(path);
    long pid = 0;
    if (!in || !(in >> pid) || pid <= 1) {
        error_line(
            fmt::format("cannot read a process id from {} (start the server with rr-php serve -p)", path));
        return 1;
    }
    if (::kill(static_cast<pid_t>(pid), SIGTERM) != 0) {
        error_line(fmt::format("cannot signal process {} (from {}): {}", pid, path, std::strerror(errno)));
        return 1;
    }
    if (cmd.force) {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        ::kill(static_cast<pid_t>(pid), SIGTERM); // a second signal forces the exit
    }
    if (!cmd.silent) {
        std::printf("Stop signal sent to process %ld\n", pid);
    }
    return 0;
}

} // namespace rr::cli
