#include "zygote.hpp"

#include "goridge-compat/zygote_protocol.hpp"
#include "sapi/cpu_spread.hpp"
#include "sapi/request.hpp"
#include "sapi/rr_sapi.hpp"
#include "sapi/worker.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/mman.h>
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

// Receives one message and up to kMaxFds file descriptors. Returns false on EOF or error.
bool recv_message(int fd, Message& m, int (&fds)[zygote::kMaxFds]) {
    for (int& f : fds)
        f = -1;
    iovec iov{&m, sizeof m};
    alignas(cmsghdr) char control[CMSG_SPACE(zygote::kMaxFds * sizeof(int))];
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
            std::memcpy(fds, CMSG_DATA(c), (count > zygote::kMaxFds ? zygote::kMaxFds : count) * sizeof(int));
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

[[noreturn]] void become_worker(const int (&fds)[zygote::kMaxFds], pid_t zygote_pid,
                                const zygote::Options& options, int cpu) {
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, nullptr);
    std::signal(SIGCHLD, SIG_DFL);
    // The offer slot is mapped here and its fd closed: the worker needs the memory, not the fd.
    offer::Slot* offers = nullptr;
    if (fds[3] >= 0) {
        void* p = ::mmap(nullptr, offer::kSlotBytes, PROT_READ | PROT_WRITE, MAP_SHARED, fds[3], 0);
        offers = p == MAP_FAILED ? nullptr : static_cast<offer::Slot*>(p);
        ::close(fds[3]);
    }
    // The RPC channel goes above 9 (close-on-exec) before the stdio moves below can clobber it.
    if (fds[4] >= 0) {
        worker_state().rpc_fd = ::fcntl(fds[4], F_DUPFD_CLOEXEC, 10);
        ::close(fds[4]);
    }
    if (fds[5] >= 0) { // http.pool.dispatch: direct
        worker_state().listen_fd = ::fcntl(fds[5], F_DUPFD_CLOEXEC, 10);
        ::close(fds[5]);
    }
    if (fds[6] >= 0) { // ... with http.ssl
        worker_state().tls_listen_fd = ::fcntl(fds[6], F_DUPFD_CLOEXEC, 10);
        ::close(fds[6]);
    }
    // Move fd 0..2 to be above 9 first: if the zygote's own 0..2 were closed, a received fd could
    // be one of them and be clobbered by an earlier dup2.
    constexpr int kStdio = 3;
    int high[kStdio];
    for (int i = 0; i < kStdio; ++i) {
        high[i] = ::fcntl(fds[i], F_DUPFD, 10);
        ::close(fds[i]);
    }
    for (int target = 0; target < kStdio; ++target) {
        ::dup2(high[target], target);
        ::close(high[target]);
    }
    prctl(PR_SET_NAME, "rr-php-worker");
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    // A worker woken by a new job must not preempt the network core mid-batch (each preemption is
    // a context switch the master pays for on every request). SCHED_BATCH keeps the worker's fair
    // share of CPU and only drops the wakeup preemption.
    sched_param sp{};
    sched_setscheduler(0, SCHED_BATCH, &sp);
    CpuSpread::pin(cpu); // http.pool.cpu_affinity
    if (getppid() != zygote_pid) {
        _exit(1);
    }
    if (options.worker.identity && !become(*options.worker.identity)) {
        std::fprintf(stderr, "rr-php worker: cannot switch to server.user: %s\n", std::strerror(errno));
        _exit(1);
    }
    for (const auto& [name, value] : options.worker.env) {
        ::setenv(name.c_str(), value.c_str(), 1);
    }
    const int status = run_worker(options.worker, offers);
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

using StartPhp = bool (*)(const zygote::PhpOptions&, std::string&);

int run_zygote(int ctrl, const zygote::Options& options, StartPhp start) {
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
    if (!start(options.php, error)) {
        std::fprintf(stderr, "rr-php zygote: %s\n", error.c_str());
        send_message(ctrl, MsgType::startup_failed, 0, getpid(), 0);
        return 1;
    }
    send_message(ctrl, MsgType::ready, 0, getpid(), 0);

    const pid_t self = getpid();
    std::unordered_set<pid_t> children;
    CpuSpread cpus(options.worker.cpu_affinity);
    for (;;) {
        pollfd fds[2] = {{ctrl, POLLIN, 0}, {sigfd, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
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
                cpus.ended(pid);
                send_message(ctrl, MsgType::exited, 0, pid, status);
            }
        }
        if (fds[0].revents != 0) {
            Message m{};
            int passed[zygote::kMaxFds];
            if (!recv_message(ctrl, m, passed)) {
                break; // the master is gone or closed the channel: shut down
            }
            const bool complete = passed[0] >= 0 && passed[1] >= 0 && passed[2] >= 0; // the rest is optional
            // The optional fds come in order after 0..2; put them at their places (3: offer slot,
            // 4: RPC channel, 5: HTTP listener, 6: HTTPS listener).
            int next = 3;
            const int slot = (m.status & zygote::kWithOfferSlot) != 0 ? passed[next++] : -1;
            const int rpc = (m.status & zygote::kWithRpc) != 0 ? passed[next++] : -1;
            const int listener = (m.status & zygote::kWithListener) != 0 ? passed[next++] : -1;
            const int tls_listener = (m.status & zygote::kWithTlsListener) != 0 ? passed[next++] : -1;
            for (int i = next; i < zygote::kMaxFds; ++i) {
                if (passed[i] >= 0) {
                    ::close(passed[i]); // more fds than the message names
                }
            }
            passed[3] = slot;
            passed[4] = rpc;
            passed[5] = listener;
            passed[6] = tls_listener;
            if (m.type != MsgType::spawn || !complete) {
                for (int fd : passed) {
                    if (fd >= 0)
                        ::close(fd);
                }
                continue;
            }
            const int cpu = cpus.pick();
            const pid_t pid = ::fork();
            if (pid == 0) {
                ::close(ctrl);
                ::close(sigfd);
                become_worker(passed, self, options, cpu);
            }
            for (int fd : passed) {
                if (fd >= 0)
                    ::close(fd);
            }
            if (pid < 0) {
                send_message(ctrl, MsgType::spawn_failed, m.id, 0, errno);
            } else {
                children.insert(pid);
                cpus.started(pid, cpu);
                send_message(ctrl, MsgType::spawned, m.id, pid, 0);
            }
        }
    }
    kill_and_reap(children);
    return 0;
}

} // namespace

int zygote_main(int control_fd, const zygote::Options& options) {
    return run_zygote(control_fd, options, start_php);
}

int hosted_zygote_main(int control_fd, const zygote::Options& options) {
    return run_zygote(control_fd, options, adopt_host_php);
}

} // namespace rr::sapi
