#include "embed_spawner.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace rr::pool {
namespace asio = boost::asio;

EmbedSpawner::EmbedSpawner(asio::any_io_executor ex, ZygoteClient& zygote, std::string script)
    : ex_(std::move(ex)), zygote_(zygote), command_("embed " + std::move(script)) {
    zygote_.on_exit = [this](pid_t pid, int status) {
        if (on_exit) {
            on_exit(pid, status);
        }
    };
}

asio::awaitable<std::shared_ptr<Worker>> EmbedSpawner::spawn(std::string& error) {
    int chan[2];
    int err[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, chan) != 0) {
        error = std::string("socketpair: ") + std::strerror(errno);
        co_return nullptr;
    }
    if (::pipe2(err, O_CLOEXEC) != 0) {
        error = std::string("pipe: ") + std::strerror(errno);
        ::close(chan[0]);
        ::close(chan[1]);
        co_return nullptr;
    }
    const pid_t pid = co_await zygote_.spawn(chan[1], err[1], error);
    ::close(chan[1]);
    ::close(err[1]);
    if (pid <= 0) {
        ::close(chan[0]);
        ::close(err[0]);
        co_return nullptr;
    }
    auto w = std::make_shared<Worker>(ex_, chan[0], err[0], pid, command_);
    w->start_log_pump();
    co_return w;
}

} // namespace rr::pool
