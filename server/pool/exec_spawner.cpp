#include "exec_spawner.hpp"

#include "goridge-compat/control.hpp"
#include "goridge-compat/frame.hpp"
#include "server/core/stream_listener.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern "C" char** environ;

namespace rr::pool {
namespace asio = boost::asio;
using generic = asio::generic::stream_protocol;
using Clock = std::chrono::steady_clock;

ExecSpawner::ExecSpawner(asio::io_context& io, std::vector<std::string> command, std::string relay,
                         Duration connect_timeout)
    : io_(io), command_(std::move(command)), relay_(std::move(relay)), relay_address_(relay_),
      connect_timeout_(connect_timeout), sigchld_(io, SIGCHLD) {
    for (const auto& a : command_) {
        command_line_ += (command_line_.empty() ? "" : " ") + a;
    }
    wait_children();
    if (relay_ != "pipes" && listen(listen_error_)) {
        asio::co_spawn(io_, accept_loop(), asio::detached);
    }
}

ExecSpawner::~ExecSpawner() {
    *alive_ = false;
    boost::system::error_code ignored;
    sigchld_.cancel(ignored);
    if (acceptor_) {
        acceptor_->close(ignored);
    }
    for (auto& [pid, p] : pending_) {
        if (p->fd >= 0) {
            ::close(p->fd);
        }
    }
    if (!unix_path_.empty()) {
        ::unlink(unix_path_.c_str());
    }
}

bool ExecSpawner::listen(std::string& error) {
    acceptor_ = std::make_unique<StreamAcceptor>(io_);
    if (!listen_on(*acceptor_, "server.relay", relay_, relay_address_, error)) {
        acceptor_.reset();
        return false;
    }
    if (relay_.starts_with("unix://")) {
        unix_path_ = relay_.substr(7);
    }
    return true;
}

asio::awaitable<void> ExecSpawner::accept_loop() {
    auto alive = alive_;
    while (*alive && acceptor_) {
        auto [ec, sock] = co_await acceptor_->async_accept(asio::as_tuple(asio::use_awaitable));
        if (!*alive) {
            co_return;
        }
        if (ec) {
            if (ec == asio::error::operation_aborted) {
                co_return;
            }
            continue;
        }
        asio::co_spawn(io_, identify(std::make_shared<generic::socket>(std::move(sock))), asio::detached);
    }
}

// A new relay connection: ask for its PID (as RoadRunner does on accept) and give it to the spawn
// waiting for that process.
asio::awaitable<void> ExecSpawner::identify(std::shared_ptr<generic::socket> s) {
    auto alive = alive_;
    asio::steady_timer timer(io_, connect_timeout_);
    timer.async_wait([s](const boost::system::error_code& ec) {
        if (!ec) {
            boost::system::error_code ignored;
            s->close(ignored);
        }
    });
    const std::string request =
        goridge::encode_control(goridge::pid_payload(static_cast<int64_t>(::getpid())));
    auto [wec, wn] =
        co_await asio::async_write(*s, asio::buffer(request), asio::as_tuple(asio::use_awaitable));
    uint8_t head[goridge::kHeaderSize];
    auto [rec, rn] = co_await asio::async_read(*s, asio::buffer(head), asio::as_tuple(asio::use_awaitable));
    goridge::FrameHeader h;
    std::string rest;
    bool ok = !wec && !rec && goridge::parse_header(head, h, 1u << 20) == goridge::DecodeError::none;
    if (ok) {
        rest.resize(std::size_t{h.option_count} * 4 + h.payload_len);
        auto [ec, n] = co_await asio::async_read(*s, asio::buffer(rest), asio::as_tuple(asio::use_awaitable));
        ok = !ec;
    }
    timer.cancel();
    if (!*alive) {
        co_return;
    }
    const auto cmd =
        ok ? goridge::parse_control(std::string_view(rest).substr(std::size_t{h.option_count} * 4))
           : goridge::ControlCommand{};
    const auto it = cmd.pid > 0 ? pending_.find(static_cast<pid_t>(cmd.pid)) : pending_.end();
    if (it == pending_.end()) {
        spdlog::warn("relay {}: a connection {}; closing it", relay_address_,
                     ok ? fmt::format("reported pid {}, which is no worker rr-php is starting", cmd.pid)
                        : std::string("did not answer the PID request"));
        boost::system::error_code ignored;
        s->close(ignored);
        co_return;
    }
    it->second->fd = s->release();
    it->second->connected.notify();
}

void ExecSpawner::wait_children() {
    sigchld_.async_wait([this](const boost::system::error_code& ec, int) {
        if (ec) {
            return;
        }
        reap();
        wait_children();
    });
}

void ExecSpawner::reap() {
    // Only our own children: the zygote and on_init commands are reaped by their owners.
    std::vector<std::pair<pid_t, int>> done;
    for (pid_t pid : children_) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            done.emplace_back(pid, status);
        }
    }
    for (const auto& [pid, status] : done) {
        children_.erase(pid);
        if (on_exit) {
            on_exit(pid, status);
        }
    }
}

void ExecSpawner::kill_all() {
    for (pid_t pid : children_) {
        ::kill(pid, SIGKILL);
    }
}

asio::awaitable<std::shared_ptr<Worker>> ExecSpawner::spawn(std::string& error) {
    int jobs[2] = {-1, -1};
    int replies[2] = {-1, -1};
    int err[2] = {-1, -1};
    int rpc[2] = {-1, -1}; // set below
    auto close_all = [&] {
        for (int fd : {jobs[0], jobs[1], replies[0], replies[1], err[0], err[1], rpc[0], rpc[1]}) {
            if (fd >= 0) {
                ::close(fd);
            }
        }
    };
    if (::pipe2(jobs, O_CLOEXEC) != 0 || ::pipe2(replies, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
        error = std::string("pipe: ") + std::strerror(errno);
        close_all();
        co_return nullptr;
    }
    if (relay_ != "pipes" && !acceptor_) {
        error = listen_error_;
        close_all();
        co_return nullptr;
    }
    std::vector<char*> argv;
    for (const auto& a : command_) {
        argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
    // Its own RPC channel (rr_rpc() with rr.so loaded): a socketpair, the worker's end as fd 3,
    // named by RR_RPC_FD.
    if (rpc_channel && ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, rpc) != 0) {
        rpc[0] = rpc[1] = -1;
    }
    // RR_RELAY names this relay (with the actual port when the config says :0).
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string_view entry(*e);
        const std::string name(entry.substr(0, entry.find('=')));
        if (name != "RR_RELAY" && name != "RR_RPC_FD" && !env_.contains(name)) {
            env_strings.emplace_back(*e);
        }
    }
    for (const auto& [name, value] : env_) {
        env_strings.push_back(name + "=" + value);
    }
    env_strings.push_back("RR_RELAY=" + relay_address_);
    if (rpc[1] >= 0) {
        env_strings.push_back("RR_RPC_FD=3");
    }
    std::vector<char*> envp;
    for (auto& e : env_strings) {
        envp.push_back(e.data());
    }
    envp.push_back(nullptr);
    const bool pipes = relay_ == "pipes";
    const int devnull = pipes ? -1 : ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    // A pipe reports whether exec worked: it closes on exec (CLOEXEC) or carries errno.
    int status_pipe[2];
    if (::pipe2(status_pipe, O_CLOEXEC) != 0) {
        error = std::string("pipe: ") + std::strerror(errno);
        close_all();
        co_return nullptr;
    }
    const pid_t master = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        error = std::string("fork: ") + std::strerror(errno);
        close_all();
        ::close(status_pipe[0]);
        ::close(status_pipe[1]);
        co_return nullptr;
    }
    if (pid == 0) {
        // Async-signal-safe calls only from here on.
        ::setpgid(0, 0); // a terminal's Ctrl-C is for the master, which stops workers itself
        ::prctl(PR_SET_PDEATHSIG, SIGKILL); // no orphans if the master dies
        if (::getppid() != master) {
            ::_exit(127);
        }
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR2}) {
            ::signal(sig, SIG_DFL);
        }
        if (pipes) {
            ::dup2(jobs[0], 0);
            ::dup2(replies[1], 1);
        } else { // socket relays: frames go over the connection; stdout joins stderr in the log
            ::dup2(devnull, 0);
            ::dup2(err[1], 1);
        }
        ::dup2(err[1], 2);
        // As embed workers: waking a worker with a job must not preempt the network core.
        sched_param sp{};
        ::sched_setscheduler(0, SCHED_BATCH, &sp);
        const int status_fd = ::fcntl(status_pipe[1], F_DUPFD_CLOEXEC, 10);
        const int rpc_fd = rpc[1] >= 0 ? ::fcntl(rpc[1], F_DUPFD_CLOEXEC, 10) : -1;
        ::close_range(3, ~0u, CLOSE_RANGE_CLOEXEC); // the master's sockets never reach the worker
        if (rpc_fd >= 0) {
            ::dup2(rpc_fd, 3); // without close-on-exec: the worker's RR_RPC_FD
        }
        ::fcntl(status_fd, F_SETFD, FD_CLOEXEC);
        if (identity_ && !become(*identity_)) {
            const int e = errno;
            [[maybe_unused]] const ssize_t w = ::write(status_fd, &e, sizeof e);
            ::_exit(127);
        }
        ::execvpe(argv[0], argv.data(), envp.data());
        const int e = errno;
        [[maybe_unused]] const ssize_t w = ::write(status_fd, &e, sizeof e);
        ::_exit(127);
    }
    ::close(status_pipe[1]);
    ::close(jobs[0]);
    ::close(replies[1]);
    ::close(err[1]);
    if (rpc[1] >= 0) {
        ::close(rpc[1]);
        rpc[1] = -1;
    }
    if (devnull >= 0) {
        ::close(devnull);
    }
    children_.insert(pid);
    int exec_errno = 0;
    ssize_t n;
    while ((n = ::read(status_pipe[0], &exec_errno, sizeof exec_errno)) < 0 && errno == EINTR) {
    }
    ::close(status_pipe[0]);
    if (n == static_cast<ssize_t>(sizeof exec_errno)) {
        error = "cannot run '" + command_line_ + "': " + std::strerror(exec_errno);
        if (rpc[0] >= 0) {
            ::close(rpc[0]);
        }
        ::close(jobs[1]);
        ::close(replies[0]);
        ::close(err[0]);
        int status = 0;
        ::waitpid(pid, &status, 0);
        children_.erase(pid);
        co_return nullptr;
    }
    if (rpc[0] >= 0) {
        rpc_channel(rpc[0], pid); // served for as long as the worker keeps its end
    }
    if (pipes) {
        auto w =
            std::make_shared<Worker>(io_.get_executor(), replies[0], jobs[1], err[0], pid, command_line_);
        w->start_log_pump();
        co_return w;
    }
    ::close(jobs[1]);
    ::close(replies[0]);
    // Wait for the worker to connect to the relay (checking that it is still alive).
    auto p = std::make_shared<Pending>(io_.get_executor());
    pending_[pid] = p;
    const auto deadline = Clock::now() + connect_timeout_;
    while (!p->connected.notified() && Clock::now() < deadline && children_.count(pid) > 0) {
        co_await p->connected.wait(std::min(deadline, Clock::now() + std::chrono::milliseconds(10)));
    }
    pending_.erase(pid);
    if (p->fd < 0) {
        error = children_.count(pid) > 0
                    ? fmt::format("the worker did not connect to the relay {} within {}ms", relay_address_,
                                  connect_timeout_.count())
                    : fmt::format("the worker exited before it connected to the relay {}", relay_address_);
        ::kill(pid, SIGKILL); // reaped with the others (SIGCHLD)
        ::close(err[0]);
        co_return nullptr;
    }
    const int out_fd = ::fcntl(p->fd, F_DUPFD_CLOEXEC, 3); // Worker owns its two descriptors
    auto w = std::make_shared<Worker>(io_.get_executor(), p->fd, out_fd, err[0], pid, command_line_);
    w->start_log_pump();
    co_return w;
}

} // namespace rr::pool
