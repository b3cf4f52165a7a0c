#include "app.hpp"

#include "sapi/zygote.hpp"
#include "server/cli/cli.hpp"
#include "server/core/event.hpp"
#include "server/core/log.hpp"
#include "server/http/listener.hpp"
#include "server/http/php_handler.hpp"
#include "server/pool/embed_spawner.hpp"
#include "server/pool/pool.hpp"
#include "server/pool/zygote_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace rr {
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace detail {

// The master runs Asio on this one thread only, so the io_context takes no locks at all.
class Master {
public:
    Master(const config::Config& cfg, int zygote_fd, pid_t zygote_pid)
        : cfg_(cfg), io_(BOOST_ASIO_CONCURRENCY_HINT_UNSAFE), signals_(io_, SIGINT, SIGTERM),
          zygote_(io_, zygote_fd, zygote_pid), spawner_(io_.get_executor(), zygote_, cfg.script),
          pool_(io_, cfg.http.pool, spawner_), handler_(pool_), listener_(io_, cfg.http, handler_),
          stop_(io_.get_executor()) {}

    int run() {
        zygote_.on_lost = [this] { fail("the PHP zygote process died; rr-php cannot start new workers"); };
        pool_.on_fatal = [this](const std::string& why) { fail(why); };
        wait_signal();
        asio::co_spawn(io_, main_task(), asio::detached);
        io_.run();
        zygote_.shutdown();
        return exit_code_;
    }

private:
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
                spdlog::warn("second signal ({}): exit forced", sigabbrev_np(sig));
                std::_Exit(1); // the zygote and the workers die with us (PR_SET_PDEATHSIG)
            }
            spdlog::info("received SIG{}: stopping gracefully", sigabbrev_np(sig));
            stop_.notify();
            wait_signal();
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
        std::string error;
        if (!listener_.bind(error)) {
            fail(error);
            co_return false;
        }
        const bool php_ready = co_await zygote_.wait_ready(std::chrono::seconds(60));
        if (!php_ready) {
            fail("PHP failed to start (see the messages above)");
            co_return false;
        }
        const bool pool_ready = co_await pool_.start(error);
        if (!pool_ready) {
            fail("the worker script " + cfg_.script + " could not start: " + error);
            co_return false;
        }
        if (stop_.notified()) {
            co_return false;
        }
        listener_.start();
        const auto& ep = listener_.endpoint();
        spdlog::info("{}: serving http://{}{}{}:{} with {} workers running {}", cli::version_line(),
                     ep.address().is_v6() ? "[" : "", ep.address().to_string(),
                     ep.address().is_v6() ? "]" : "", ep.port(), pool_.size(), cfg_.script);
        co_return true;
    }

    asio::awaitable<void> shutdown() {
        listener_.stop();
        spdlog::debug("shutdown: listener stopped");
        const auto grace_deadline = Clock::now() + cfg_.grace_period;
        const bool drained = co_await listener_.wait_drained(grace_deadline);
        if (!drained) {
            spdlog::warn("{} connection(s) still busy after the grace period; closing them",
                         listener_.connections());
        }
        spdlog::debug("shutdown: connections drained");
        co_await pool_.stop();
        spdlog::debug("shutdown: pool stopped");
        zygote_.shutdown();
        spdlog::info("stopped");
        io_.stop();
    }

    const config::Config& cfg_;
    asio::io_context io_;
    asio::signal_set signals_;
    pool::ZygoteClient zygote_;
    pool::EmbedSpawner spawner_;
    pool::Pool pool_;
    http::PhpHandler handler_;
    http::Listener listener_;
    Event stop_;
    int exit_code_ = 0;
};

} // namespace detail

int serve(const config::Config& cfg) {
    log::init(cfg.log_level);
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        spdlog::error("cannot create the zygote's control socket: {}", std::strerror(errno));
        return 1;
    }
    const pid_t master = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        spdlog::error("cannot fork the zygote: {}", std::strerror(errno));
        return 1;
    }
    if (pid == 0) {
        ::close(sv[0]);
        sapi::ZygoteOptions zo;
        zo.php.ini = cfg.php_ini;
        zo.worker.script = cfg.script;
        zo.master_pid = master;
        std::_Exit(sapi::zygote_main(sv[1], zo));
    }
    ::close(sv[1]);
    ::signal(SIGPIPE, SIG_IGN);
    // Every client connection is a file descriptor: lift the soft limit to the hard one, as Go (and
    // so RoadRunner) does. Only the master: workers keep the usual limit (PHP's select() based
    // functions cannot handle descriptors above 1024).
    rlimit nofile{};
    if (::getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
        nofile.rlim_cur = nofile.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &nofile);
    }
    detail::Master m(cfg, sv[0], pid);
    return m.run();
}

} // namespace rr
