#include "app.hpp"

#include "server/applog/app_logger.hpp"
#include "server/cli/worker_mode.hpp"
#include "server/core/event.hpp"
#include "server/core/file_watcher.hpp"
#include "server/core/inherited_sockets.hpp"
#include "server/core/log.hpp"
#include "server/core/service_notify.hpp"
#include "server/http/connection.hpp"
#include "server/http/fcgi_connection.hpp"
#include "server/http/https_redirect.hpp"
#include "server/http/listener.hpp"
#include "server/http/php_handler.hpp"
#include "server/http/request_stats.hpp"
#include "server/http/router.hpp"
#include "server/http/tls.hpp"
#include "server/jobs/jobs.hpp"
#include "server/jobs/jobs_report.hpp"
#include "server/jobs/jobs_rpc.hpp"
#include "server/kv/open_storage.hpp"
#include "server/kv/service.hpp"
#include "server/lock/locks.hpp"
#include "server/metrics/app_metrics.hpp"
#include "server/metrics/endpoint.hpp"
#include "server/metrics/http_metrics.hpp"
#include "server/metrics/pool_metrics.hpp"
#include "server/metrics/process_metrics.hpp"
#include "server/pool/embed_spawner.hpp"
#include "server/pool/exec_spawner.hpp"
#include "server/pool/pool.hpp"
#include "server/pool/zygote_client.hpp"
#include "server/rpc/rpc_server.hpp"
#include "server/rpc/services.hpp"
#include "server/status/dashboard.hpp"
#include "server/status/status.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <linux/close_range.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern "C" char** environ;

namespace rr {
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace detail {

// The environment every worker gets, as RoadRunner sets it: server.env (names upper-cased) and
// RR_MODE, RR_RELAY, RR_VERSION, RR_RPC (when the rpc section exists). Set in the master before the
// zygote forks, so the zygote and its workers inherit it.
void apply_worker_env(const config::Config& cfg) {
    for (const auto& [name, value] : cfg.server.env) {
        ::setenv(name.c_str(), value.c_str(), 1);
    }
    ::setenv("RR_MODE", "http", 1);
    ::setenv("RR_RELAY", "pipes", 1); // exec'd workers get their relay's address from the spawner
    ::setenv("RR_VERSION", RR_PHP_VERSION, 1);
    if (cfg.rpc.enabled) {
        ::setenv("RR_RPC", cfg.rpc.listen.c_str(), 1);
    } else {
        ::unsetenv("RR_RPC");
    }
}

// What the zygote process runs (serve()'s argument).
ZygoteMain g_zygote_main = nullptr;

// The descriptor limit the server started with; the master raises its own, workers keep this one.
rlimit g_initial_nofile{};

struct ZygoteProcess {
    int fd = -1;
    pid_t pid = -1;
};

// What the HTTP pool's zygote and workers are told. `tls`: http.ssl's context (or null), which
// workers that serve HTTPS themselves (http.pool.dispatch: direct) inherit.
zygote::Options http_zygote_options(const config::Config& cfg, const http::TlsContextPtr& tls) {
    zygote::Options zo;
    zo.php.ini = cfg.php_ini;
    if (!cfg.http.uploads.dir.empty()) {
        zo.php.ini.insert(zo.php.ini.begin(), {"upload_tmp_dir", cfg.http.uploads.dir}); // -d still wins
    }
    zo.worker.script = cfg.script;
    zo.worker.stdio_channel = cfg.http.pool.worker_mode == config::WorkerMode::embed_goridge;
    zo.worker.upload_forbid = cfg.http.uploads.forbid;
    zo.worker.upload_allow = cfg.http.uploads.allow;
    zo.worker.classic = cfg.http.pool.worker_mode == config::WorkerMode::classic;
    zo.worker.identity = cfg.server.identity;
    const auto ms = [](Duration d) {
        return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
    };
    zo.worker.direct.max_header_bytes = static_cast<std::size_t>(cfg.http.max_header_size);
    zo.worker.direct.max_body_bytes = cfg.http.max_request_size;
    zo.worker.direct.idle_timeout_ms = ms(cfg.http.idle_timeout);
    zo.worker.direct.read_header_timeout_ms = ms(cfg.http.read_header_timeout);
    zo.worker.direct.read_timeout_ms = ms(cfg.http.read_timeout);
    zo.worker.direct.write_timeout_ms = ms(cfg.http.write_timeout);
    zo.worker.direct.max_jobs = cfg.http.pool.max_jobs;
    zo.worker.cpu_affinity = cfg.http.pool.cpu_affinity;
    zo.worker.direct.proto_context = cfg.http.pool.codec == "proto";
    zo.worker.direct.forms = {cfg.http.raw_body, cfg.http.uploads.dir, cfg.http.uploads.forbid,
                              cfg.http.uploads.allow};
    zo.worker.direct.internal_error_code = static_cast<int>(cfg.http.internal_error_code);
    if (cfg.http.pool.dispatch == "direct" && tls) {
        zo.worker.direct.tls_context = tls->native_handle();
        zo.worker.direct.tls_handshake_timeout_ms = ms(cfg.http.ssl.handshake_timeout);
        zo.worker.direct.h2_max_concurrent_streams = cfg.http.http2.max_concurrent_streams;
    }
    if (zo.worker.classic) {
        auto& dc = zo.worker.direct.classic;
        dc.enabled = cfg.http.pool.dispatch == "direct";
        dc.root = cfg.http.classic.root;
        dc.rules = {cfg.http.classic.index, cfg.http.classic.run_any_php};
        dc.symlinks = http::PathResolver::symlinks_named(cfg.http.disable_symlinks);
        for (const auto& [name, value] : cfg.server.env) {
            zo.worker.classic_env.push_back(name);
        }
        zo.worker.classic_env.insert(zo.worker.classic_env.end(), cfg.http.classic.pass_env.begin(),
                                     cfg.http.classic.pass_env.end());
    }
    return zo;
}

// What embedded jobs consumers are told: their script speaks goridge on its stdio, as under php-cli,
// with RR_MODE=jobs.
zygote::Options jobs_zygote_options(const config::Config& cfg) {
    zygote::Options zo;
    zo.php.ini = cfg.jobs.embed.ini;
    std::error_code ec;
    const auto abs = std::filesystem::absolute(cfg.jobs.embed.script, ec);
    zo.worker.script = ec ? cfg.jobs.embed.script : abs.lexically_normal().string();
    zo.worker.stdio_channel = true;
    zo.worker.env = {{"RR_MODE", "jobs"}};
    zo.worker.identity = cfg.server.identity;
    return zo;
}

// Forks a zygote told `zo`. `later`: the master already has sockets and an event loop, which the
// zygote (and so every worker) must not keep open. `other`: the master's end of another zygote's
// control socket, which this one must not hold (that zygote would never see it close).
ZygoteProcess fork_zygote(zygote::Options zo, bool later, std::string& error, int other = -1) {
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        error = std::string("cannot create the zygote's control socket: ") + std::strerror(errno);
        return {};
    }
    const pid_t master = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        error = std::string("cannot fork the zygote: ") + std::strerror(errno);
        ::close(sv[0]);
        ::close(sv[1]);
        return {};
    }
    if (pid == 0) {
        int ctrl = sv[1];
        if (later) {
            // Keep only stdio and the control socket (moved to fd 3).
            if (ctrl != 3) {
                ::dup2(ctrl, 3);
                ctrl = 3;
            }
            ::close_range(4, ~0u, 0);
            ::setrlimit(RLIMIT_NOFILE, &g_initial_nofile);
        } else {
            ::close(sv[0]);
            if (other >= 0) {
                ::close(other);
            }
            for (const auto& s : inherited::pending()) {
                ::close(s.fd); // the master's listeners-to-be
            }
        }
        zo.master_pid = master;
        std::_Exit(g_zygote_main(ctrl, zo));
    }
    ::close(sv[1]);
    return {sv[0], pid};
}

// Where workers come from: for embed pools a zygote and the spawner that asks it for workers; for
// exec pools a spawner that runs the command. SIGHUP makes a new generation; an old zygote lives
// until its last worker has left.
struct Generation {
    Generation(asio::io_context& io, ZygoteProcess z, const std::string& script)
        : zygote(std::make_unique<pool::ZygoteClient>(io, z.fd, z.pid)),
          spawner(std::make_unique<pool::EmbedSpawner>(io.get_executor(), *zygote, script)), what(script) {}
    Generation(asio::io_context& io, const std::vector<std::string>& command, const std::string& relay,
               Duration connect_timeout, const std::optional<Identity>& identity)
        : spawner(std::make_unique<pool::ExecSpawner>(io, command, relay, connect_timeout)) {
        static_cast<pool::ExecSpawner&>(*spawner).set_identity(identity);
        for (const auto& a : command) {
            what += (what.empty() ? "" : " ") + a;
        }
    }
    std::unique_ptr<pool::ZygoteClient> zygote; // embed pools only
    std::unique_ptr<pool::Spawner> spawner;
    std::string what; // the script, or the command line
};

const std::vector<std::string>& pool_command(const config::Config& cfg) {
    return cfg.http.pool.command.empty() ? cfg.server.command : cfg.http.pool.command;
}

// A generation for `cfg`; nullptr with `error` when the zygote cannot be forked.
std::unique_ptr<Generation> make_generation(asio::io_context& io, const config::Config& cfg,
                                            const http::TlsContextPtr& tls, bool later, std::string& error) {
    if (cfg.http.pool.worker_mode == config::WorkerMode::exec) {
        return std::make_unique<Generation>(io, pool_command(cfg), cfg.server.relay,
                                            cfg.http.pool.allocate_timeout, cfg.server.identity);
    }
    const ZygoteProcess z = fork_zygote(http_zygote_options(cfg, tls), later, error);
    if (z.pid <= 0) {
        return nullptr;
    }
    return std::make_unique<Generation>(io, z, cfg.script);
}

// The master runs Asio on this one thread only, so the io_context takes no locks for I/O. Its
// scheduler keeps its lock: the KV storages' threads post their results into it.
class Master {
public:
    // `jobs_zygote`: embedded jobs consumers' zygote (pid 0 when they are exec'd or there are none).
    // `tls`: http.ssl's context, built before the zygote was forked (null without http.ssl).
    Master(const cli::Command& cmd, ZygoteProcess z, ZygoteProcess jobs_zygote, http::TlsContextPtr tls)
        : cmd_(cmd), cfg_(cmd.config), jobs_zygote_(jobs_zygote), io_(BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO),
          signals_(io_, SIGINT, SIGTERM, SIGQUIT), hup_(io_, SIGHUP), usr1_(io_, SIGUSR1),
          usr2_(io_, SIGUSR2),
          gen_(z.pid > 0
                   ? std::make_unique<Generation>(io_, z, cfg_.script)
                   : std::make_unique<Generation>(io_, pool_command(cfg_), cfg_.server.relay,
                                                  cfg_.http.pool.allocate_timeout, cfg_.server.identity)),
          pool_(io_, cfg_.http.pool, *gen_->spawner), handler_(pool_, cfg_.http),
          router_(cfg_.http, handler_, cfg_.server.identity), stop_(io_.get_executor()) {
        tls_contexts_.replace(std::move(tls));
    }

    int run() {
        plugins_.emplace_back("http", &pool_);
        if (cfg_.jobs.enabled) {
            if (jobs_zygote_.pid > 0) { // jobs.pool.mode: embed
                jobs_gen_ = std::make_unique<Generation>(io_, jobs_zygote_, cfg_.jobs.embed.script);
                attach_rpc(*jobs_gen_);
                watch_zygote(*jobs_gen_);
            } else {
                const auto& command =
                    cfg_.jobs.pool.command.empty() ? cfg_.server.command : cfg_.jobs.pool.command;
                jobs_gen_ = std::make_unique<Generation>(
                    io_, command, cfg_.server.relay, cfg_.jobs.pool.allocate_timeout, cfg_.server.identity);
                static_cast<pool::ExecSpawner&>(*jobs_gen_->spawner).set_env("RR_MODE", "jobs");
            }
            jobs_pool_ = std::make_unique<pool::Pool>(io_, cfg_.jobs.pool, *jobs_gen_->spawner);
            jobs_ = std::make_unique<jobs::Jobs>(io_, cfg_.jobs, *jobs_pool_);
            jobs::register_rpc(dispatcher_, *jobs_);
            plugins_.emplace_back("jobs", jobs_pool_.get());
        }
        rpc::register_services(dispatcher_, plugins_, [this]() -> const config::Config& { return cfg_; });
        // Requests per second and latency of the HTTP listeners, for the dashboard and `workers -i`.
        http::RequestStats::activate(&request_stats_);
        cfg_.http.record_stats = true;
        dashboard_ = std::make_unique<status::Dashboard>(plugins_, request_stats_, cfg_.dashboard.token);
        status::register_rpc(dispatcher_, *dashboard_);
        applog::register_rpc(dispatcher_);
        lock::register_rpc(dispatcher_, locks_);
        kv::register_rpc(dispatcher_, kv_);
        if (cfg_.metrics.enabled) {
            metrics::register_rpc(dispatcher_, app_metrics_);
            metrics::add_process_metrics(metrics_);
            for (const auto& [name, pool] : plugins_) {
                metrics::add_pool_metrics(metrics_, name, *pool);
            }
            if (jobs_) {
                jobs::add_metrics(metrics_, *jobs_);
            }
            if (std::find(cfg_.http.middleware.begin(), cfg_.http.middleware.end(), "http_metrics") !=
                cfg_.http.middleware.end()) {
                http_metrics_ = std::make_unique<metrics::HttpMetrics>(
                    metrics_, router_, [this] { return handler_.no_free_workers(); });
                front_ = http_metrics_.get();
            }
        }
        attach_rpc(*gen_);
        handler_.set_forms(config::speaks_goridge(cfg_.http.pool.worker_mode));
        handler_.set_proto(cfg_.http.pool.codec == "proto");
        if (std::find(cfg_.http.middleware.begin(), cfg_.http.middleware.end(), "proxy_ip_parser") !=
            cfg_.http.middleware.end()) {
            trusted_ = std::make_unique<http::Subnets>(cfg_.http.trusted_subnets);
            std::vector<std::string> unknown;
            http::ProxyHeaders headers = http::parse_proxy_headers(cfg_.http.trusted_headers, unknown);
            for (const auto& name : unknown) {
                spdlog::warn(
                    "http.trusted_headers: '{}' is not a forwarding header proxy_ip_parser reads "
                    "(Forwarded, X-Forwarded-For, X-Real-Ip, True-Client-Ip, Cf-Connecting-Ip); ignored",
                    name);
            }
            handler_.set_proxy(trusted_.get(), std::move(headers));
        }
        watch_zygote(*gen_);
        pool_.on_fatal = [this](const std::string& why) { fail(why); };
        wait_signal();
        wait_hup();
        wait_usr1();
        usr2_.async_wait([this](const boost::system::error_code& ec, int) {
            if (!ec && !stop_.notified()) {
                spdlog::info("received SIGUSR2: stopping gracefully, then starting again");
                restart_ = true;
                stop_.notify();
            }
        });
        asio::co_spawn(io_, main_task(), asio::detached);
        io_.run();
        shutdown_zygotes();
        return exit_code_;
    }

    // The listening sockets to hand to the next binary (SIGUSR2).
    const std::vector<inherited::Socket>& handoff() const { return handoff_; }

    // SIGUSR2 asked for a restart and the stop went well.
    bool restart() const { return restart_ && exit_code_ == 0; }

private:
    void watch_zygote(Generation& g) {
        if (g.zygote) {
            g.zygote->set_on_lost(
                [this] { fail("the PHP zygote process died; rr-php cannot start new workers"); });
        }
    }

    static void unwatch_zygote(Generation& g) {
        if (g.zygote) {
            g.zygote->set_on_lost(nullptr);
        }
    }

    static asio::awaitable<bool> ready(Generation& g) {
        if (!g.zygote) {
            co_return true;
        }
        co_return co_await g.zygote->wait_ready(std::chrono::seconds(60));
    }

    void fail(const std::string& why) {
        if (!stop_.notified()) {
            spdlog::error("{}", why);
            exit_code_ = 1;
            stop_.notify();
        }
    }

    void wait_signal() {
        signals_.async_wait([this](const boost::system::error_code& ec, int sig) {
            if (ec) {
                return;
            }
            if (stop_.notified()) {
                spdlog::warn("second signal (SIG{}): exit forced", sigabbrev_np(sig));
                std::_Exit(1); // the zygote and the workers die with us (PR_SET_PDEATHSIG)
            }
            if (!cmd_.silent) {
                spdlog::info("received SIG{}: stopping gracefully", sigabbrev_np(sig));
            }
            stop_.notify();
            wait_signal();
        });
    }

    // SIGUSR1: the log files are opened again (after logrotate moved them away, without copytruncate).
    void wait_usr1() {
        usr1_.async_wait([this](const boost::system::error_code& ec, int) {
            if (ec) {
                return;
            }
            try {
                log::init(cfg_.logs);
                spdlog::info("received SIGUSR1: log files reopened");
            } catch (const log::OutputError& e) {
                spdlog::error("SIGUSR1: {}; logs stay as they were", e.what());
            }
            wait_usr1();
        });
    }

    void wait_hup() {
        hup_.async_wait([this](const boost::system::error_code& ec, int) {
            if (ec) {
                return;
            }
            spdlog::info("received SIGHUP");
            request_reload();
            wait_hup();
        });
    }

    asio::awaitable<void> main_task() {
        const bool started = co_await start();
        if (started) {
            co_await stop_.wait();
        }
        co_await shutdown();
    }

    asio::awaitable<bool> start() {
        for (const auto& w : cmd_.warnings) {
            spdlog::warn("config: {}", w);
        }
        std::string error;
        if (!open_kv(error) || !declare_metrics(error) || !bind_listeners(error)) {
            fail(error);
            co_return false;
        }
        const bool status_bound = bind_status(error) && bind_dashboard(error);
        if (!status_bound) {
            fail(error);
            co_return false;
        }
        for (const auto& name : inherited::close_unused()) {
            spdlog::warn("an inherited listening socket ({}) matches no address of the config; closed", name);
        }
        if (cfg_.rpc.enabled) {
            rpc_ = std::make_unique<rpc::Server>(io_, dispatcher_, cfg_.rpc.listen);
            if (!rpc_->bind(error)) {
                fail(error);
                co_return false;
            }
        }
        give_listener(*gen_);
        const bool php_ready = co_await ready(*gen_);
        if (!php_ready) {
            fail("PHP failed to start (see the messages above)");
            co_return false;
        }
        const bool init_ok = co_await run_on_init();
        if (!init_ok) {
            co_return false;
        }
        const bool pool_ready = co_await pool_.start(error);
        if (!pool_ready) {
            std::string hint;
            if (gen_->zygote && !cli::calls_worker_api(gen_->what)) {
                // It never calls rr_handle_request(): maybe a php-fpm script, not a worker.
                hint = fmt::format("; the script never calls rr_handle_request(). If it is written for "
                                   "php-fpm (no worker loop), serve its directory in classic mode: rr-php "
                                   "serve --root {}",
                                   std::filesystem::path(gen_->what).parent_path().string());
            }
            fail((gen_->zygote ? "the worker script " : "the worker command ") + gen_->what +
                 " could not start: " + error + hint);
            co_return false;
        }
        if (jobs_) {
            const bool jobs_ready = co_await start_jobs(error);
            if (!jobs_ready) {
                fail(error);
                co_return false;
            }
        }
        if (stop_.notified()) {
            co_return false;
        }
        if (cmd_.pid_file) {
            pid_path_ = cmd_.invocation.sources.workdir + "/.pid";
            std::ofstream(pid_path_) << ::getpid() << "\n";
        }
        if (!start_watcher(error)) {
            fail(error);
            co_return false;
        }
        for (auto* l : listeners()) {
            if (!workers_accept_on(l)) {
                l->start();
            }
        }
        if (status_listener_) {
            status_listener_->start();
        }
        if (dashboard_listener_) {
            dashboard_listener_->start();
        }
        if (metrics_listener_) {
            metrics_listener_->start();
        }
        if (rpc_) {
            rpc_->start();
        }
        if (!cmd_.silent) {
            std::string where;
            if (listener_) {
                where = listener_->describe("http") +
                        (workers_accept_on(listener_.get()) ? " (dispatch: direct)" : "");
                if (redirect_) {
                    where += " (redirected to https)";
                }
            }
            if (tls_listener_) {
                where += (where.empty() ? "" : " and ") + tls_listener_->describe("https") +
                         (workers_accept_on(tls_listener_.get()) ? " (dispatch: direct)" : "");
            }
            if (fcgi_listener_) {
                where += (where.empty() ? "" : " and ") + fcgi_listener_->describe("fastcgi");
            }
            spdlog::info("{}: serving {} with {} workers running {}{}{}{}{}", cli::version_line(cmd_.hosted),
                         where, pool_.size(), gen_->what, rpc_ ? "; rpc on " + rpc_->address() : "",
                         status_listener_ ? "; status on " + status_listener_->describe("http") : "",
                         dashboard_listener_ ? "; dashboard on " + dashboard_listener_->describe("http") : "",
                         metrics_listener_ ? "; metrics on " + metrics_listener_->describe("http") : "");
        }
        service::ready(fmt::format("serving with {} workers", pool_.size()));
        co_return true;
    }

    // http.pool.dispatch: direct: the workers accept on the HTTP and HTTPS listeners themselves;
    // a plain listener that only redirects to https stays the master's.
    bool direct() const { return cfg_.http.pool.dispatch == "direct"; }
    bool workers_accept_on(const http::Listener* l) const {
        return direct() && l != nullptr && ((l == listener_.get() && !redirect_) || l == tls_listener_.get());
    }
    void give_listener(Generation& g) {
        if (direct() && g.zygote) {
            static_cast<pool::EmbedSpawner&>(*g.spawner)
                .give_listeners(workers_accept_on(listener_.get()) ? listener_->native_handle() : -1,
                                workers_accept_on(tls_listener_.get()) ? tls_listener_->native_handle() : -1);
        }
    }

    // RR's jobs plugin: its pipelines (a boltdb one loads what it kept), its consumers, its pollers.
    asio::awaitable<bool> start_jobs(std::string& error) {
        try {
            jobs_->open();
        } catch (const std::exception& e) {
            error = fmt::format("jobs: {}", e.what());
            co_return false;
        }
        const bool php_ready = co_await ready(*jobs_gen_);
        if (!php_ready) {
            error = "jobs: the consumers' PHP zygote did not start (see above)";
            co_return false;
        }
        const bool started = co_await jobs_pool_->start(error);
        if (!started) {
            error = "jobs: the consumer command could not start: " + error;
            co_return false;
        }
        jobs_->start();
        co_return true;
    }

    // RR's kv plugin: each storage of the kv section, opened before anything is served.
    bool open_kv(std::string& error) {
        for (const auto& [name, storage] : cfg_.kv) {
            try {
                kv_.add(name, kv::open_storage(storage), storage.max_value_size);
            } catch (const std::exception& e) {
                error = fmt::format("kv.{}: the {} storage cannot open: {}", name, storage.driver, e.what());
                return false;
            }
        }
        kv_.start();
        return true;
    }

    // RR's metrics plugin (metrics.address): the collectors of metrics.collect, and GET /metrics on
    // its own listener.
    bool declare_metrics(std::string& error) {
        if (!cfg_.metrics.enabled) {
            return true;
        }
        for (const auto& [name, collector] : cfg_.metrics.collect) {
            const std::string e = app_metrics_.declare(name, collector);
            if (!e.empty()) {
                error = fmt::format("metrics.collect.{}: {}", name, e);
                return false;
            }
        }
        metrics_http_ = cfg_.http;
        metrics_listener_ =
            own_listener(metrics_http_, cfg_.metrics.address, "metrics.address", metrics_endpoint_);
        return metrics_listener_->bind(error);
    }

    // RR's status plugin (status.address): its own listener, served by status::Handler.
    bool bind_status(std::string& error) {
        if (!cfg_.status.enabled) {
            return true;
        }
        status_http_ = cfg_.http;
        status_http_.read_timeout = cfg_.status.check_timeout;
        status_plugins_ = std::make_unique<status::Plugins>(plugins_, cfg_.status.unavailable_status_code);
        std::function<std::string()> jobs_report;
        if (jobs_) {
            jobs_report = [this] { return jobs::status_text(jobs_->stats()); };
        }
        status_handler_ = std::make_unique<status::Handler>(
            *status_plugins_, cfg_.status.unavailable_status_code, [this] { return shutting_down_; },
            std::move(jobs_report));
        status::register_rpc(dispatcher_, *status_plugins_);
        status_listener_ =
            own_listener(status_http_, cfg_.status.address, "status.address", *status_handler_);
        return status_listener_->bind(error);
    }

    // The live dashboard (dashboard.address): its own listener; the HTTP listeners count their
    // requests for it.
    bool bind_dashboard(std::string& error) {
        if (!cfg_.dashboard.enabled) {
            return true;
        }
        dashboard_http_ = cfg_.http;
        dashboard_listener_ =
            own_listener(dashboard_http_, cfg_.dashboard.address, "dashboard.address", *dashboard_);
        return dashboard_listener_->bind(error);
    }

    // A listener of the server's own endpoints (metrics, status, dashboard) with `http`, a copy of
    // http's settings: HTTP/1.1 only, no access log, its requests not counted on the dashboard.
    std::unique_ptr<http::Listener> own_listener(config::HttpConfig& http, const std::string& address,
                                                 const char* key, http::Handler& handler) {
        http.access_logs = false;
        http.record_stats = false;
        http.http2.h2c = false;
        return std::make_unique<http::Listener>(
            io_, http, address, key,
            [&http, &handler](asio::ip::tcp::socket s, std::function<bool()> stopping) {
                return std::make_shared<http::Connection>(std::move(s), http, handler, std::move(stopping));
            },
            true);
    }

    // Each embedded worker gets its own RPC channel to the dispatcher (rr_rpc() in PHP).
    void attach_rpc(Generation& g) {
        g.spawner->rpc_channel = [this](int fd, pid_t pid) {
            boost::system::error_code ec;
            auto s = std::make_shared<asio::generic::stream_protocol::socket>(io_);
            s->assign(asio::generic::stream_protocol(AF_UNIX, SOCK_STREAM), fd, ec);
            if (ec) {
                ::close(fd);
                return;
            }
            asio::co_spawn(io_,
                           dispatcher_.serve(s, fmt::format("worker {} (rr_rpc())", pid), rpc::Caller{pid}),
                           asio::detached);
        };
    }

    // The https listener (http.ssl) first, so a plain one that redirects knows its port.
    bool bind_listeners(std::string& error) {
        const auto& ssl = cfg_.http.ssl;
        if (ssl.enabled) {
            tls_listener_ = std::make_unique<http::Listener>(
                io_, cfg_.http, ssl.address, "http.ssl.address",
                [this](asio::ip::tcp::socket s, std::function<bool()> stopping) {
                    return std::make_shared<http::Connection>(std::move(s), cfg_.http, *front_,
                                                              std::move(stopping), tls_contexts_.current());
                },
                false);
            if (!tls_listener_->bind(error)) {
                return false;
            }
        }
        if (!cfg_.http.address.empty()) {
            http::Handler* handler = front_;
            if (ssl.enabled && ssl.redirect) {
                redirect_ = std::make_unique<http::HttpsRedirect>(tls_listener_->endpoint().port());
                handler = redirect_.get();
            }
            listener_ = std::make_unique<http::Listener>(
                io_, cfg_.http, cfg_.http.address, "http.address",
                [this, handler](asio::ip::tcp::socket s, std::function<bool()> stopping) {
                    return std::make_shared<http::Connection>(std::move(s), cfg_.http, *handler,
                                                              std::move(stopping));
                },
                true);
            if (!listener_->bind(error)) {
                return false;
            }
        }
        if (cfg_.http.fcgi.enabled) {
            fcgi_listener_ = std::make_unique<http::Listener>(
                io_, cfg_.http, cfg_.http.fcgi.address, "http.fcgi.address",
                [this](asio::generic::stream_protocol::socket s, std::function<bool()> stopping) {
                    return std::make_shared<http::FcgiConnection>(std::move(s), cfg_.http, *front_,
                                                                  std::move(stopping));
                });
            if (!fcgi_listener_->bind(error)) {
                return false;
            }
        }
        return true;
    }

    std::vector<http::Listener*> listeners() {
        std::vector<http::Listener*> all;
        for (auto* l : {listener_.get(), tls_listener_.get(), fcgi_listener_.get()}) {
            if (l != nullptr) {
                all.push_back(l);
            }
        }
        return all;
    }

    // server.on_init: a command run once before the workers start (e.g. migrations). Its output goes
    // to the log; a failure stops the server only with exit_on_error.
    asio::awaitable<bool> run_on_init() {
        const auto& oi = cfg_.server.on_init;
        if (oi.command.empty()) {
            co_return true;
        }
        std::string cmdline;
        for (const auto& a : oi.command) {
            cmdline += (cmdline.empty() ? "" : " ") + a;
        }
        int out[2];
        if (::pipe2(out, O_CLOEXEC | O_NONBLOCK) != 0) {
            fail(std::string("server.on_init: pipe: ") + std::strerror(errno));
            co_return false;
        }
        std::vector<std::string> env_strings;
        for (char** e = environ; *e != nullptr; ++e) {
            const std::string entry = *e;
            const std::string name = entry.substr(0, entry.find('='));
            if (oi.env.find(name) == oi.env.end()) {
                env_strings.push_back(entry);
            }
        }
        for (const auto& [name, value] : oi.env) {
            env_strings.push_back(name + "=" + value);
        }
        std::vector<char*> envp;
        for (auto& e : env_strings) {
            envp.push_back(e.data());
        }
        envp.push_back(nullptr);
        std::vector<char*> argv;
        for (const auto& a : oi.command) {
            argv.push_back(const_cast<char*>(a.c_str()));
        }
        argv.push_back(nullptr);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        posix_spawn_file_actions_adddup2(&fa, out[1], 2);
        pid_t pid = 0;
        const int rc = ::posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&fa);
        ::close(out[1]);
        std::string error;
        if (rc != 0) {
            error = fmt::format("server.on_init: cannot run '{}': {}", cmdline, std::strerror(rc));
        } else {
            spdlog::info("server.on_init: running '{}'", cmdline);
            asio::steady_timer t(io_);
            const auto deadline = Clock::now() + oi.exec_timeout;
            std::string pending;
            auto drain = [&] {
                char buf[4096];
                ssize_t n;
                while ((n = ::read(out[0], buf, sizeof buf)) > 0) {
                    pending.append(buf, static_cast<std::size_t>(n));
                }
                std::size_t nl;
                while ((nl = pending.find('\n')) != std::string::npos) {
                    spdlog::info("on_init: {}", pending.substr(0, nl));
                    pending.erase(0, nl + 1);
                }
            };
            int status = 0;
            for (;;) {
                drain();
                const pid_t r = ::waitpid(pid, &status, WNOHANG);
                if (r == pid) {
                    break;
                }
                if (Clock::now() >= deadline || stop_.notified()) {
                    ::kill(pid, SIGKILL);
                    ::waitpid(pid, &status, 0);
                    error = fmt::format("server.on_init: '{}' did not finish within {}ms and was killed",
                                        cmdline, oi.exec_timeout.count());
                    break;
                }
                t.expires_after(std::chrono::milliseconds(10));
                co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
            }
            drain();
            if (!pending.empty()) {
                spdlog::info("on_init: {}", pending);
            }
            if (error.empty() && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
                error = fmt::format("server.on_init: '{}' failed: {}", cmdline,
                                    pool::describe_wait_status(status));
            }
        }
        ::close(out[0]);
        if (error.empty()) {
            co_return true;
        }
        if (oi.exit_on_error) {
            fail(error + " (exit_on_error is set)");
            co_return false;
        }
        spdlog::error("{}; starting the workers anyway (exit_on_error is false)", error);
        co_return true;
    }

    // A reload now, or once the one running ends.
    void request_reload() {
        if (stop_.notified()) {
            return;
        }
        if (reloading_) {
            reload_again_ = true;
        } else {
            asio::co_spawn(io_, reload(), asio::detached);
        }
    }

    // The reload section (serve --watch): a changed file reloads as SIGHUP does, so the new code runs
    // in workers of a new zygote (its own opcache) and no request fails.
    bool start_watcher(std::string& error) {
        if (!cfg_.reload.enabled) {
            return true;
        }
        const auto& rl = cfg_.reload;
        const auto it = rl.plugins.find("http");
        const config::ReloadConfig::Plugin plugin =
            it == rl.plugins.end() ? config::ReloadConfig::Plugin{} : it->second;
        FileWatcher::Options o;
        o.dirs = plugin.dirs;
        o.patterns = plugin.patterns.empty() ? rl.patterns : plugin.patterns;
        o.ignore = plugin.ignore;
        o.recursive = plugin.recursive;
        o.quiet = rl.interval;
        watcher_ = std::make_unique<FileWatcher>(io_, o, [this](const std::string& path, std::size_t n) {
            spdlog::info("reload: {} changed{}; restarting the workers", path,
                         n > 1 ? fmt::format(" (and {} more changes)", n - 1) : "");
            request_reload();
        });
        if (!watcher_->start(error)) {
            return false;
        }
        spdlog::debug("reload: watching {} directories", watcher_->watched_dirs());
        return true;
    }

    // SIGHUP: read the config again and replace the workers one by one from a new zygote (so new
    // php.ini settings, environment and code take effect) without failing a request.
    asio::awaitable<void> reload() {
        reloading_ = true;
        service::reloading();
        do {
            reload_again_ = false;
            co_await reload_once();
        } while (reload_again_ && !stop_.notified());
        reloading_ = false;
        if (!stop_.notified()) {
            service::ready(fmt::format("serving with {} workers", pool_.size()));
        }
    }

    // SIGHUP: the certificate and key are read again (renewed files take effect for new connections;
    // open ones keep theirs). A file that fails keeps the current ones.
    void reload_certificates(const config::SslConfig& next) {
        if (!tls_listener_) {
            if (next.enabled) {
                spdlog::warn("reload: http.ssl takes effect only after a restart");
            }
            return;
        }
        if (!next.enabled || next.address != cfg_.http.ssl.address ||
            next.redirect != cfg_.http.ssl.redirect) {
            spdlog::warn(
                "reload: http.ssl's address and redirect, and adding or removing http.ssl, take effect "
                "only after a restart");
        }
        if (!next.enabled) {
            return;
        }
        std::string error;
        auto ctx = http::make_tls_context(next, error);
        if (!ctx) {
            spdlog::error("reload: {}; TLS keeps its current certificate", error);
            return;
        }
        tls_contexts_.replace(std::move(ctx));
        spdlog::info("reload: TLS certificate {} loaded", next.cert);
    }

    asio::awaitable<void> reload_once() {
        spdlog::info("reloading the configuration");
        std::vector<std::string> warnings;
        config::Config next;
        try {
            next = cmd_.invocation.build(warnings);
        } catch (const config::ConfigError& e) {
            spdlog::error("reload failed, the server keeps its current configuration: {}", e.what());
            co_return;
        }
        for (const auto& w : warnings) {
            spdlog::warn("config: {}", w);
        }
        if ((next.http.pool.worker_mode == config::WorkerMode::classic) !=
                (cfg_.http.pool.worker_mode == config::WorkerMode::classic) ||
            next.http.classic.root != cfg_.http.classic.root) {
            spdlog::error("reload failed, the server keeps its current configuration: http.classic (classic "
                          "mode and its root) changes only with a restart");
            co_return;
        }
        if (next.http.pool.dispatch != cfg_.http.pool.dispatch) {
            spdlog::error("reload failed, the server keeps its current configuration: http.pool.dispatch "
                          "changes only with a restart");
            co_return;
        }
        reload_certificates(next.http.ssl);
        if (next.http.address != cfg_.http.address || next.rpc.enabled != cfg_.rpc.enabled ||
            next.rpc.listen != cfg_.rpc.listen || next.http.middleware != cfg_.http.middleware) {
            spdlog::warn("reload: http.address, http.middleware and its settings, and the rpc section take "
                         "effect only after a restart");
        }
        if (next.kv != cfg_.kv || next.metrics != cfg_.metrics) {
            spdlog::warn("reload: the kv and metrics sections take effect only after a restart");
        }
        try {
            log::init(next.logs);
        } catch (const log::OutputError& e) {
            spdlog::error("reload: {}; logs stay as they were", e.what());
        }
        apply_worker_env(next);
        std::string error;
        std::unique_ptr<Generation> fresh;
        {
            // The fork of the new zygote happens with every other thread of the master idle.
            const kv::Service::Hold hold = kv_.hold_threads();
            fresh = make_generation(io_, next, tls_contexts_.current(), true, error);
        }
        if (!fresh) {
            spdlog::error("reload failed: {}", error);
            co_return;
        }
        attach_rpc(*fresh);
        give_listener(*fresh);
        const bool php_ready = co_await ready(*fresh);
        if (!php_ready || stop_.notified()) {
            if (!php_ready) {
                spdlog::error(
                    "reload failed: PHP did not start with the new configuration; the current workers "
                    "keep serving");
            }
            if (fresh->zygote) {
                fresh->zygote->shutdown();
            }
            co_return;
        }
        watch_zygote(*fresh);
        unwatch_zygote(*gen_);
        pool_.set_spawner(*fresh->spawner);
        const config::PoolConfig previous_pool = cfg_.http.pool;
        pool_.set_config(next.http.pool);
        std::unique_ptr<Generation> old = std::move(gen_);
        gen_ = std::move(fresh);
        const bool ok = co_await pool_.reset(error);
        if (!ok) {
            spdlog::error("reload failed: {}", error);
            // Back to the old generation for new workers; the new one stays until its workers leave.
            std::swap(old, gen_);
            unwatch_zygote(*old);
            watch_zygote(*gen_);
            pool_.set_spawner(*gen_->spawner);
            pool_.set_config(previous_pool);
        } else {
            cfg_.script = next.script;
            cfg_.php_ini = next.php_ini;
            cfg_.server = next.server;
            cfg_.http.pool = next.http.pool;
            handler_.set_forms(config::speaks_goridge(cfg_.http.pool.worker_mode));
            handler_.set_proto(cfg_.http.pool.codec == "proto");
            cfg_.logs = next.logs;
            cfg_.tree = next.tree;
            spdlog::info("reload: done; {} workers running {}", pool_.size(), gen_->what);
        }
        retire_generation(std::move(old));
    }

    // Keeps a replaced zygote until its last worker has exited, then stops it.
    void retire_generation(std::unique_ptr<Generation> g) {
        Generation* raw = g.get();
        retiring_.push_back(std::move(g));
        asio::co_spawn(
            io_,
            [this, raw]() -> asio::awaitable<void> {
                asio::steady_timer t(io_);
                if (!raw->zygote) {
                    co_return; // exec workers: the spawner stays to report their exits
                }
                const pid_t zygote_pid = raw->zygote->pid();
                for (;;) {
                    const auto live = pool_.live_pids();
                    bool any = false;
                    for (pid_t p : live) {
                        // A worker already gone from /proc (parent 0) but still live in the pool has an
                        // exit report on its way, possibly from this zygote: keep the zygote until it
                        // arrives, or the report would be lost with it (and a stop would wait for a
                        // process that no longer exists).
                        const pid_t parent = parent_of(p);
                        any = any || parent == zygote_pid || parent == 0;
                    }
                    if (!any || stop_.notified()) {
                        break;
                    }
                    t.expires_after(std::chrono::milliseconds(100));
                    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
                }
                if (stop_.notified()) {
                    co_return; // shutdown() stops every zygote
                }
                raw->zygote->shutdown();
                retiring_.erase(std::remove_if(retiring_.begin(), retiring_.end(),
                                               [raw](const auto& p) { return p.get() == raw; }),
                                retiring_.end());
            },
            asio::detached);
    }

    // The parent pid of a process (0 if it is gone).
    static pid_t parent_of(pid_t pid) {
        std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
        std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto paren = stat.rfind(')');
        if (paren == std::string::npos || paren + 4 >= stat.size()) {
            return 0;
        }
        return static_cast<pid_t>(std::atoi(stat.c_str() + paren + 4));
    }

    asio::awaitable<void> shutdown() {
        shutting_down_ = true; // /ready answers the unavailable code from now on, /health stays 200
        if (restart_) {
            // SIGUSR2: the listening sockets stay open for the next binary, so connections that arrive
            // meanwhile wait in their backlog instead of being refused.
            for (auto* l : {listener_.get(), tls_listener_.get(), status_listener_.get(),
                            metrics_listener_.get(), dashboard_listener_.get()}) {
                if (l != nullptr && l->native_handle() >= 0) {
                    handoff_.push_back(
                        inherited::Socket{::fcntl(l->native_handle(), F_DUPFD_CLOEXEC, 3), l->key()});
                }
            }
        }
        service::stopping();
        if (watcher_) {
            watcher_->stop();
        }
        for (auto* l : listeners()) {
            l->stop();
        }
        if (rpc_) {
            rpc_->stop();
        }
        spdlog::debug("shutdown: listener stopped");
        const auto grace_deadline = Clock::now() + cfg_.grace_period;
        for (auto* l : listeners()) {
            const bool drained = co_await l->wait_drained(grace_deadline);
            if (!drained) {
                spdlog::warn("{} connection(s) still busy after the grace period; closing them",
                             l->connections());
            }
        }
        spdlog::debug("shutdown: connections drained");
        co_await pool_.stop();
        spdlog::debug("shutdown: pool stopped");
        if (jobs_) {
            co_await jobs_->stop(); // the jobs in flight are answered; the rest stay queued
            co_await jobs_pool_->stop();
        }
        if (metrics_listener_) {
            metrics_listener_->stop();
        }
        if (dashboard_listener_) {
            dashboard_listener_->stop();
        }
        if (status_listener_) {
            status_listener_->stop(); // last: probes see the whole stop
        }
        shutdown_zygotes();
        if (!pid_path_.empty()) {
            ::unlink(pid_path_.c_str());
        }
        if (!cmd_.silent) {
            spdlog::info("stopped");
        }
        io_.stop();
    }

    void shutdown_zygotes() {
        for (Generation* g : all_generations()) {
            if (g->zygote) {
                g->zygote->shutdown();
            } else if (auto* exec = dynamic_cast<pool::ExecSpawner*>(g->spawner.get())) {
                exec->kill_all(); // only those that ignored the stop frame and destroy_timeout
            }
        }
    }

    std::vector<Generation*> all_generations() {
        std::vector<Generation*> all{gen_.get()};
        if (jobs_gen_) {
            all.push_back(jobs_gen_.get());
        }
        for (auto& g : retiring_) {
            all.push_back(g.get());
        }
        return all;
    }

    const cli::Command& cmd_;
    config::Config cfg_;
    ZygoteProcess jobs_zygote_;
    asio::io_context io_;
    asio::signal_set signals_;
    asio::signal_set hup_;
    asio::signal_set usr1_;
    asio::signal_set usr2_;
    std::unique_ptr<Generation> gen_;
    std::vector<std::unique_ptr<Generation>> retiring_;
    pool::Pool pool_;
    http::PhpHandler handler_;
    http::Router router_;
    http::TlsContexts tls_contexts_;
    std::unique_ptr<http::HttpsRedirect> redirect_;
    std::unique_ptr<http::Listener> listener_;      // plain HTTP; none when http.address is empty
    std::unique_ptr<http::Listener> tls_listener_;  // http.ssl
    std::unique_ptr<http::Listener> fcgi_listener_; // http.fcgi
    config::HttpConfig status_http_;                // the status listener's limits (status.check_timeout)
    std::unique_ptr<status::Plugins> status_plugins_;
    std::unique_ptr<status::Handler> status_handler_;
    std::unique_ptr<http::Listener> status_listener_; // status.address
    config::HttpConfig dashboard_http_;
    http::RequestStats request_stats_;
    std::unique_ptr<status::Dashboard> dashboard_;
    std::unique_ptr<http::Listener> dashboard_listener_; // dashboard.address
    bool shutting_down_ = false;
    lock::Locks locks_{io_.get_executor()}; // lock.* RPC
    kv::Service kv_{io_.get_executor()};    // kv.* RPC
    metrics::Registry metrics_;             // metrics section: everything /metrics shows
    metrics::AppMetrics app_metrics_{metrics_};
    metrics::Endpoint metrics_endpoint_{metrics_};
    config::HttpConfig metrics_http_; // the metrics listener's limits
    std::unique_ptr<http::Listener> metrics_listener_;
    std::unique_ptr<metrics::HttpMetrics> http_metrics_; // the http_metrics middleware
    http::Handler* front_ = &router_;                    // what the HTTP listeners serve with
    std::unique_ptr<Generation> jobs_gen_;               // jobs: where the consumers come from (RR_MODE=jobs)
    std::unique_ptr<pool::Pool> jobs_pool_;
    pool::PluginPools plugins_; // informer, resetter, status and metrics look workers up here
    std::unique_ptr<jobs::Jobs> jobs_;
    rpc::Dispatcher dispatcher_;       // the RPC methods: for rpc.listen and each worker's own channel
    std::unique_ptr<rpc::Server> rpc_; // rpc.listen
    std::unique_ptr<http::Subnets> trusted_;
    Event stop_;
    std::string pid_path_;
    bool restart_ = false;
    bool reloading_ = false;
    std::unique_ptr<FileWatcher> watcher_; // the reload section
    std::vector<inherited::Socket> handoff_;
    bool reload_again_ = false;
    int exit_code_ = 0;
};

} // namespace detail

int serve(const cli::Command& cmd, ZygoteMain zygote_main) {
    detail::g_zygote_main = zygote_main;
    inherited::adopt_from_environment(); // sockets of the previous rr-php (SIGUSR2) or of systemd
    try {
        log::init(cmd.config.logs);
    } catch (const log::OutputError& e) {
        cli::error_line(e.what());
        return 1;
    }
    detail::apply_worker_env(cmd.config);
    // The certificate and key are read before the zygote is forked: workers that serve HTTPS
    // themselves (http.pool.dispatch: direct) inherit the context.
    http::TlsContextPtr tls;
    if (cmd.config.http.ssl.enabled) {
        std::string error;
        tls = http::make_tls_context(cmd.config.http.ssl, error);
        if (!tls) {
            spdlog::error("{}", error);
            return 1;
        }
    }
    // An embed pool's zygote is forked first, before the master has any socket, thread or event loop.
    detail::ZygoteProcess z;
    if (cmd.config.http.pool.worker_mode != config::WorkerMode::exec) {
        std::string error;
        z = detail::fork_zygote(detail::http_zygote_options(cmd.config, tls), false, error);
        if (z.pid <= 0) {
            spdlog::error("{}", error);
            return 1;
        }
    }
    // Embedded jobs consumers get a zygote of their own, forked as early (their script, -d and env differ).
    detail::ZygoteProcess jz;
    if (cmd.config.jobs.enabled && cmd.config.jobs.pool_mode == "embed") {
        std::string error;
        jz = detail::fork_zygote(detail::jobs_zygote_options(cmd.config), false, error, z.fd);
        if (jz.pid <= 0) {
            spdlog::error("jobs: {}", error);
            return 1;
        }
    }
    ::signal(SIGPIPE, SIG_IGN);
    // A file size limit (ulimit -f) must fail the write that hits it (an upload, a log file), not
    // kill the server.
    ::signal(SIGXFSZ, SIG_IGN);
    // Every client connection is a file descriptor: lift the soft limit to the hard one, as Go (and
    // so RoadRunner) does. Only the master: workers keep the usual limit (PHP's select() based
    // functions cannot handle descriptors above 1024).
    rlimit nofile{};
    if (::getrlimit(RLIMIT_NOFILE, &nofile) == 0) {
        detail::g_initial_nofile = nofile;
    }
    if (nofile.rlim_cur < nofile.rlim_max) {
        nofile.rlim_cur = nofile.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &nofile);
    }
    int status = 0;
    bool restart = false;
    std::vector<inherited::Socket> handoff;
    {
        detail::Master m(cmd, z, jz, std::move(tls));
        status = m.run();
        restart = m.restart();
        handoff = m.handoff();
    }
    if (restart) {
        // The same binary with the same arguments, from where it was started: the config is read
        // afresh (a symlinked config may point elsewhere now). The pid stays the same.
        std::vector<char*> args;
        for (const auto& a : cmd.argv) {
            args.push_back(const_cast<char*>(a.c_str()));
        }
        args.push_back(nullptr);
        ::close_range(3, ~0u, CLOSE_RANGE_CLOEXEC); // nothing of this run leaks into the next...
        if (!handoff.empty() && !inherited::hand_over(handoff)) { // ...but the listening sockets
            spdlog::warn("SIGUSR2: cannot hand the listening sockets over ({}); the next start binds them "
                         "again",
                         std::strerror(errno));
        }
        ::setrlimit(RLIMIT_NOFILE, &detail::g_initial_nofile);
        if (::chdir(cmd.start_dir.c_str()) == 0) {
            ::execv("/proc/self/exe", args.data());
        }
        spdlog::error("SIGUSR2: cannot start again: {}", std::strerror(errno));
        return 1;
    }
    return status;
}

} // namespace rr
