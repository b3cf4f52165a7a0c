#include "zygote_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace rr::pool {
namespace asio = boost::asio;
using zygote::Message;
using zygote::MsgType;

ZygoteClient::ZygoteClient(asio::io_context& io, int control_fd, pid_t zygote_pid)
    : io_(io), state_(std::make_shared<State>(io, control_fd)), pid_(zygote_pid) {
    ::fcntl(control_fd, F_SETFL, ::fcntl(control_fd, F_GETFL) | O_NONBLOCK);
}

ZygoteClient::~ZygoteClient() {
    shutdown();
}

asio::awaitable<bool> ZygoteClient::wait_ready(Duration timeout) {
    auto state = state_; // this client may be gone when the wait ends
    asio::co_spawn(io_, read_loop(state), asio::detached);
    co_await state->ready_event.wait(std::chrono::steady_clock::now() + timeout);
    co_return state->ready;
}

bool ZygoteClient::send(const Message& m, const int* fds, int nfds) {
    iovec iov{const_cast<Message*>(&m), sizeof m};
    alignas(cmsghdr) char control[CMSG_SPACE(zygote::kMaxFds * sizeof(int))];
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    if (nfds > 0) {
        msg.msg_control = control;
        msg.msg_controllen = CMSG_SPACE(static_cast<std::size_t>(nfds) * sizeof(int));
        cmsghdr* c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(static_cast<std::size_t>(nfds) * sizeof(int));
        std::memcpy(CMSG_DATA(c), fds, static_cast<std::size_t>(nfds) * sizeof(int));
    }
    for (int attempt = 0; attempt < 1000; ++attempt) {
        const ssize_t n = ::sendmsg(state_->sock.native_handle(), &msg, MSG_NOSIGNAL);
        if (n == static_cast<ssize_t>(sizeof m)) {
            return true;
        }
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            // Control messages are tiny and the zygote drains them at once; a full buffer is
            // momentary.
            ::usleep(1000);
            continue;
        }
        return false;
    }
    return false;
}

asio::awaitable<pid_t> ZygoteClient::spawn(int stdin_fd, int stdout_fd, int stderr_fd, int slot_fd,
                                           int rpc_fd, int listen_fd, int tls_listen_fd, std::string& error) {
    if (state_->closed || !state_->ready) {
        error = "the PHP zygote is not running";
        co_return 0;
    }
    const uint32_t id = next_id_++;
    auto p = std::make_shared<Pending>(io_.get_executor());
    state_->pending[id] = p;
    int fds[zygote::kMaxFds] = {stdin_fd, stdout_fd, stderr_fd, -1, -1, -1, -1};
    int nfds = 3;
    int32_t optional = 0;
    if (slot_fd >= 0) {
        fds[nfds++] = slot_fd;
        optional |= zygote::kWithOfferSlot;
    }
    if (rpc_fd >= 0) {
        fds[nfds++] = rpc_fd;
        optional |= zygote::kWithRpc;
    }
    if (listen_fd >= 0) {
        fds[nfds++] = listen_fd;
        optional |= zygote::kWithListener;
    }
    if (tls_listen_fd >= 0) {
        fds[nfds++] = tls_listen_fd;
        optional |= zygote::kWithTlsListener;
    }
    if (!send(Message{MsgType::spawn, id, 0, optional}, fds, nfds)) {
        state_->pending.erase(id);
        error = std::string("cannot reach the PHP zygote: ") + std::strerror(errno);
        co_return 0;
    }
    co_await p->done.wait();
    if (p->pid <= 0) {
        error = std::string("the zygote could not fork a worker: ") + std::strerror(p->error);
        co_return 0;
    }
    co_return p->pid;
}

void ZygoteClient::State::fail_all_pending(int err) {
    auto all = std::move(pending);
    pending.clear();
    for (auto& [id, p] : all) {
        p->error = err;
        p->done.notify();
    }
}

asio::awaitable<void> ZygoteClient::read_loop(std::shared_ptr<State> s) {
    for (;;) {
        auto [ec] = co_await s->sock.async_wait(asio::posix::stream_descriptor::wait_read,
                                                asio::as_tuple(asio::use_awaitable));
        if (ec || s->closed) {
            break;
        }
        bool lost = false;
        for (;;) {
            Message m{};
            const ssize_t n = ::recv(s->sock.native_handle(), &m, sizeof m, 0);
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
                break;
            }
            if (n != static_cast<ssize_t>(sizeof m)) {
                lost = true;
                break;
            }
            switch (m.type) {
            case MsgType::ready:
                s->ready = true;
                s->ready_event.notify();
                break;
            case MsgType::startup_failed:
                s->ready_event.notify();
                break;
            case MsgType::spawned:
            case MsgType::spawn_failed:
                if (auto it = s->pending.find(m.id); it != s->pending.end()) {
                    it->second->pid = m.type == MsgType::spawned ? m.pid : 0;
                    it->second->error = m.status;
                    it->second->done.notify();
                    s->pending.erase(it);
                }
                break;
            case MsgType::exited:
                if (s->on_exit) {
                    s->on_exit(m.pid, m.status);
                }
                break;
            case MsgType::spawn:
                break;
            }
        }
        if (lost) {
            break;
        }
    }
    s->ready_event.notify();
    s->fail_all_pending(EPIPE);
    if (!s->closed) {
        s->closed = true;
        if (s->on_lost) {
            s->on_lost();
        }
    }
}

void ZygoteClient::shutdown() {
    if (pid_ <= 0) {
        return;
    }
    // The read loop may still resume once (its wait is cancelled): it finds `closed` and calls
    // nobody, whose callbacks may point at objects that are gone by then.
    state_->closed = true;
    state_->on_exit = nullptr;
    state_->on_lost = nullptr;
    boost::system::error_code ec;
    state_->sock.close(ec);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = 0;
}

} // namespace rr::pool
