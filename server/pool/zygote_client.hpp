// The master's end of the zygote's control socket: asks it to fork workers, hears about exits.
#pragma once

#include "goridge-compat/zygote_protocol.hpp"
#include "server/core/duration.hpp"
#include "server/core/event.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <functional>
#include <memory>
#include <string>
#include <sys/types.h>
#include <unordered_map>

namespace rr::pool {

class ZygoteClient {
public:
    ZygoteClient(boost::asio::io_context& io, int control_fd, pid_t zygote_pid);
    ~ZygoteClient();

    // Starts reading messages; false if PHP could not start or nothing came within `timeout`.
    boost::asio::awaitable<bool> wait_ready(Duration timeout);
    // Asks for a worker with `stdin_fd`, `stdout_fd`, `stderr_fd` as its fd 0, 1, 2, `slot_fd` (the
    // offer slot, or -1), `rpc_fd` (its RPC channel, or -1), `listen_fd` and `tls_listen_fd` (the
    // HTTP and HTTPS listeners it accepts on itself with http.pool.dispatch: direct, or -1); returns
    // its pid or 0 with `error` set. The caller keeps (and closes) its own copies of the fds.
    boost::asio::awaitable<pid_t> spawn(int stdin_fd, int stdout_fd, int stderr_fd, int slot_fd, int rpc_fd,
                                        int listen_fd, int tls_listen_fd, std::string& error);

    // (pid, wait status) of every worker that ends.
    void set_on_exit(std::function<void(pid_t, int)> f) { state_->on_exit = std::move(f); }
    // The zygote itself is gone (not after shutdown()).
    void set_on_lost(std::function<void()> f) { state_->on_lost = std::move(f); }

    // Closes the control socket (the zygote kills leftovers and exits) and reaps the zygote.
    void shutdown();
    pid_t pid() const { return pid_; }

private:
    struct Pending {
        explicit Pending(boost::asio::any_io_executor ex) : done(ex) {}
        Event done;
        pid_t pid = 0;
        int error = 0;
    };
    // What the read loop touches. The loop holds it, so it outlives the client when the loop
    // resumes after shutdown() (a reload retires a generation while its read is still pending).
    struct State {
        State(boost::asio::io_context& io, int fd) : sock(io, fd), ready_event(io.get_executor()) {}
        boost::asio::posix::stream_descriptor sock;
        std::unordered_map<uint32_t, std::shared_ptr<Pending>> pending;
        Event ready_event;
        bool ready = false;
        bool closed = false;
        std::function<void(pid_t, int)> on_exit;
        std::function<void()> on_lost;
        void fail_all_pending(int err);
    };
    static boost::asio::awaitable<void> read_loop(std::shared_ptr<State> state);
    bool send(const zygote::Message& m, const int* fds, int nfds);

    boost::asio::io_context& io_;
    std::shared_ptr<State> state_;
    pid_t pid_;
    uint32_t next_id_ = 1;
};

} // namespace rr::pool
