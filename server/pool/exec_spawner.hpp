// Exec'd workers (RoadRunner's pipes relay): `server.command` started as its own process, without a
// shell; goridge frames on its stdin/stdout, its stderr into the log. Any goridge worker runs this
// way: `php worker.php` with spiral/roadrunner-worker, or a program in any language.
#pragma once

#include "server/pool/spawner.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <string>
#include <unordered_set>
#include <vector>

namespace rr::pool {

class ExecSpawner : public Spawner {
public:
    // The environment is rr-php's own (the master sets RR_* and server.env before spawning).
    ExecSpawner(boost::asio::io_context& io, std::vector<std::string> command);
    ~ExecSpawner() override;
    boost::asio::awaitable<std::shared_ptr<Worker>> spawn(std::string& error) override;

    // SIGKILL to every child still running (the master is going away).
    void kill_all();

private:
    void wait_children();
    void reap();

    boost::asio::io_context& io_;
    std::vector<std::string> command_;
    std::string command_line_;
    boost::asio::signal_set sigchld_;
    std::unordered_set<pid_t> children_;
};

} // namespace rr::pool
