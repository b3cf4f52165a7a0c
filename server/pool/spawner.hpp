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
};

} // namespace rr::pool
