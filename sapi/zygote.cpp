#include "zygote.hpp"

#include "sapi/rr_sapi.hpp"
#include "sapi/worker.hpp"
#include "sapi/zygote_protocol.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unordered_set>

namespace rr::sapi {
namespace {

using zygote::Message;
using zygote::MsgType;

bool send_message(int fd, MsgType type, uint32_t id, int32_t pid, int32_t status) {
    const Message m{type, id, pid, status};
    for (;;) {
        if (::send(fd, &m, sizeof m, MSG_NOSIGNAL) == static_cast<ssize_t>(sizeof m)) {
            return true;
        }
        if (errno != EINTR) {
            return false;
        }
    }
}

// Receives one message and up to two file descriptors. Returns false on EOF or error.
bool recv_message(int fd, Message& m, int (&fds)[2]) {
    fds[0] = fds[1] = -1;
    iovec iov{&m, sizeof m};
    alignas(cmsghdr) char control[CMSG_SPACE(2 * sizeof(int))];
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n;
    do {
        n = ::recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    if (n != static_cast<ssize_t>(sizeof m)) {
        return false;
    }
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            const std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            std::memcpy(fds, CMSG_DATA(c), (count > 2 ? 2 : count) * sizeof(int));
        }
    }
    return true;
}

void ignore_stop_signals() {
    // The master alone decides when workers stop (stop frame, then SIGKILL): a terminal's Ctrl-C or
    // a service manager signalling the whole process group must not cut requests short.
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGUSR1, SIGUSR2}) {
        std::signal(sig, SIG_IGN);
    }
}

[[noreturn]] void become_worker(int channel_fd, int stderr_fd, pid_t zygote_pid, const ZygoteOptions& options) {
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, nullptr);
    std::signal(SIGCHLD, SIG_DFL);
    ::dup2(channel_fd, STDIN_FILENO);
    ::dup2(channel_fd, STDOUT_FILENO);
    ::dup2(stderr_fd, STDERR_FILENO);
    if (channel_fd > STDERR_FILENO) ::close(channel_fd);
    if (stderr_fd > STDERR_FILENO) ::close(stderr_fd);
    prctl(PR_SET_NAME, "rr-php-worker");
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != zygote_pid) {
        _exit(1);
    }
    const int status = run_worker(options.worker);
    std::fflush(nullptr);
    _exit(status & 0xff);
}

void kill_and_reap(std::unordered_set<pid_t>& children) {
    for (pid_t pid : children) {
        ::kill(pid, SIGKILL);
    }
    for (pid_t pid : children) {
        while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
        }
    }
    children.clear();
}

} // namespace

int zygote_main(int ctrl, const ZygoteOptions& options) {
    prctl(PR_SET_NAME, "rr-php-zygote");
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != options.master_pid) {
        return 1; // the master died before we got here
    }
    ignore_stop_signals();

    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, nullptr);
    const int sigfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);

    std::string error;
    if (!start_php(options.php, error)) {
        std::fprintf(stderr, "rr-php zygote: %s\n", error.c_str());
        send_message(ctrl, MsgType::startup_failed, 0, getpid(), 0);
        return 1;
    }
    send_message(ctrl, MsgType::ready, 0, getpid(), 0);

    const pid_t self = getpid();
    std::unordered_set<pid_t> children;
    for (;;) {
        pollfd fds[2] = {{ctrl, POLLIN, 0}, {sigfd, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[1].revents != 0) {
            signalfd_siginfo info;
            while (::read(sigfd, &info, sizeof info) > 0) {
            }
            int status = 0;
            pid_t pid;
            while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
                children.erase(pid);
                send_message(ctrl, MsgType::exited, 0, pid, status);
            }
        }
        if (fds[0].revents != 0) {
            Message m{};
            int passed[2];
            if (!recv_message(ctrl, m, passed)) {
                break; // the master is gone or closed the channel: shut down
            }
            if (m.type != MsgType::spawn || passed[0] < 0 || passed[1] < 0) {
                if (passed[0] >= 0) ::close(passed[0]);
                if (passed[1] >= 0) ::close(passed[1]);
                continue;
            }
            const pid_t pid = ::fork();
            if (pid == 0) {
                ::close(ctrl);
                ::close(sigfd);
                become_worker(passed[0], passed[1], self, options);
            }
            ::close(passed[0]);
            ::close(passed[1]);
            if (pid < 0) {
                send_message(ctrl, MsgType::spawn_failed, m.id, 0, errno);
            } else {
                children.insert(pid);
                send_message(ctrl, MsgType::spawned, m.id, pid, 0);
            }
        }
    }
    kill_and_reap(children);
    return 0;
}

} // namespace rr::sapi
