// How workers come to exist. The pool asks a spawner for a process with a goridge channel; the
// embed spawner asks the zygote to fork one, the exec spawner (pipes/tcp/unix) runs a command.
#pragma once

#include "server/pool/worker.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <string>

namespace rr::pool {

class Spawner {
public:
    virtual ~Spawner() = default;
    // A new worker process (not handshaken yet), or nullptr with `error` set.
    virtual boost::asio::awaitable<std::shared_ptr<Worker>> spawn(std::string& error) = 0;
    // Called with (pid, wait status) whenever one of this spawner's processes ends.
    std::function<void(pid_t, int)> on_exit;
    // When set, each worker gets its own RPC channel to the master (rr_rpc() in PHP): a connected
    // stream socket whose master end is handed over here with the worker's pid (the callee owns it).
    std::function<void(int fd, pid_t pid)> rpc_channel;
};

} // namespace rr::pool
