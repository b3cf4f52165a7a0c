#include "exec_spawner.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace rr::pool {
namespace asio = boost::asio;

ExecSpawner::ExecSpawner(asio::io_context& io, std::vector<std::string> command)
    : io_(io), command_(std::move(command)), sigchld_(io, SIGCHLD) {
    for (const auto& a : command_) {
        command_line_ += (command_line_.empty() ? "" : " ") + a;
    }
    wait_children();
}

ExecSpawner::~ExecSpawner() {
    boost::system::error_code ignored;
    sigchld_.cancel(ignored);
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
    auto close_all = [&] {
        for (int fd : {jobs[0], jobs[1], replies[0], replies[1], err[0], err[1]}) {
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
    std::vector<char*> argv;
    for (const auto& a : command_) {
        argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
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
        ::dup2(jobs[0], 0);
        ::dup2(replies[1], 1);
        ::dup2(err[1], 2);
        const int status_fd = ::fcntl(status_pipe[1], F_DUPFD_CLOEXEC, 3);
        ::close_range(3, ~0u, CLOSE_RANGE_CLOEXEC); // the master's sockets never reach the worker
        ::fcntl(status_fd, F_SETFD, FD_CLOEXEC);
        ::execvp(argv[0], argv.data());
        const int e = errno;
        [[maybe_unused]] const ssize_t w = ::write(status_fd, &e, sizeof e);
        ::_exit(127);
    }
    ::close(status_pipe[1]);
    ::close(jobs[0]);
    ::close(replies[1]);
    ::close(err[1]);
    children_.insert(pid);
    int exec_errno = 0;
    ssize_t n;
    while ((n = ::read(status_pipe[0], &exec_errno, sizeof exec_errno)) < 0 && errno == EINTR) {
    }
    ::close(status_pipe[0]);
    if (n == static_cast<ssize_t>(sizeof exec_errno)) {
        error = "cannot run '" + command_line_ + "': " + std::strerror(exec_errno);
        ::close(jobs[1]);
        ::close(replies[0]);
        ::close(err[0]);
        int status = 0;
        ::waitpid(pid, &status, 0);
        children_.erase(pid);
        co_return nullptr;
    }
    auto w = std::make_shared<Worker>(io_.get_executor(), replies[0], jobs[1], err[0], pid, command_line_);
    w->start_log_pump();
    co_return w;
}

} // namespace rr::pool
