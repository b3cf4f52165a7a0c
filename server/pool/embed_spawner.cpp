#include "embed_spawner.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <new>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

namespace rr::pool {
namespace asio = boost::asio;

EmbedSpawner::EmbedSpawner(asio::any_io_executor ex, ZygoteClient& zygote, std::string script)
    : ex_(std::move(ex)), zygote_(zygote), command_("embed " + std::move(script)) {
    zygote_.set_on_exit([this](pid_t pid, int status) {
        if (on_exit) {
            on_exit(pid, status);
        }
    });
}

asio::awaitable<std::shared_ptr<Worker>> EmbedSpawner::spawn(std::string& error) {
    // Three pipes, as RoadRunner's pipes relay: jobs in on the worker's fd 0, replies out on its
    // fd 1, its stderr on fd 2. (Pipes cost less per round trip than a socketpair.)
    int jobs[2] = {-1, -1};
    int replies[2] = {-1, -1};
    int err[2] = {-1, -1};
    if (::pipe2(jobs, O_CLOEXEC) != 0 || ::pipe2(replies, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
        error = std::string("pipe: ") + std::strerror(errno);
        for (int fd : {jobs[0], jobs[1], replies[0], replies[1], err[0], err[1]}) {
            if (fd >= 0)
                ::close(fd);
        }
        co_return nullptr;
    }
    // The offer slot: one page shared with the worker (goridge-compat/offer_slot.hpp), its fd 3.
    const bool direct = listen_fd_ >= 0 || tls_listen_fd_ >= 0;
    const int slot_fd = direct ? -1 : ::memfd_create("rr-php-offer", MFD_CLOEXEC);
    void* slot = MAP_FAILED;
    if (slot_fd >= 0 && ::ftruncate(slot_fd, offer::kSlotBytes) == 0) {
        slot = ::mmap(nullptr, offer::kSlotBytes, PROT_READ | PROT_WRITE, MAP_SHARED, slot_fd, 0);
    }
    // Its own RPC channel (rr_rpc()): a socketpair, the worker's end passed with the others.
    int rpc[2] = {-1, -1};
    if (rpc_channel && ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, rpc) != 0) {
        rpc[0] = rpc[1] = -1; // the worker runs without one; rr_rpc() says so when called
    }
    const pid_t pid = co_await zygote_.spawn(jobs[0], replies[1], err[1], slot_fd, rpc[1], listen_fd_,
                                             tls_listen_fd_, error);
    if (rpc[1] >= 0) {
        ::close(rpc[1]);
    }
    if (rpc[0] >= 0) {
        if (pid > 0) {
            rpc_channel(rpc[0], pid);
        } else {
            ::close(rpc[0]);
        }
    }
    ::close(jobs[0]);
    ::close(replies[1]);
    ::close(err[1]);
    if (slot_fd >= 0) {
        ::close(slot_fd);
    }
    if (pid <= 0) {
        ::close(jobs[1]);
        ::close(replies[0]);
        ::close(err[0]);
        if (slot != MAP_FAILED) {
            ::munmap(slot, offer::kSlotBytes);
        }
        co_return nullptr;
    }
    auto w = std::make_shared<Worker>(ex_, replies[0], jobs[1], err[0], pid, command_);
    if (slot != MAP_FAILED) {
        w->attach_offer_slot(new (slot) offer::Slot, offer::kSlotBytes);
    }
    w->start_log_pump();
    co_return w;
}

} // namespace rr::pool
