// Exec'd workers (RoadRunner's way): `server.command` started as its own process, without a shell.
// Relays: `pipes` (goridge frames on its stdin/stdout), or `tcp://host:port` / `unix:///path`: rr-php
// listens there once, the worker connects, and the PID it reports on that connection says which
// spawned process it is. Stderr (and stdout with socket relays) goes into the log. Any goridge worker
// runs this way: `php worker.php` with spiral/roadrunner-worker, or a program in any language.
#pragma once

#include "goridge-compat/identity.hpp"

#include "server/core/duration.hpp"
#include "server/core/event.hpp"
#include "server/core/stream_listener.hpp"
#include "server/pool/spawner.hpp"

#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace rr::pool {

class ExecSpawner : public Spawner {
public:
    // The environment is rr-php's own (the master sets RR_* and server.env), with RR_RELAY naming
    // the relay. `connect_timeout` bounds how long a socket-relay worker may take to connect.
    ExecSpawner(boost::asio::io_context& io, std::vector<std::string> command, std::string relay = "pipes",
                Duration connect_timeout = std::chrono::seconds(60));
    ~ExecSpawner() override;
    boost::asio::awaitable<std::shared_ptr<Worker>> spawn(std::string& error) override;

    // SIGKILL to every child still running (the master is going away).
    void kill_all();
    // A variable this spawner's workers get instead of the master's (RR_MODE=jobs for consumers).
    void set_env(const std::string& name, const std::string& value) { env_[name] = value; }
    // server.user / server.group: the worker switches to it before exec.
    void set_identity(std::optional<Identity> id) { identity_ = std::move(id); }

private:
    struct Pending {
        explicit Pending(boost::asio::any_io_executor ex) : connected(ex) {}
        Event connected;
        int fd = -1;
    };
    void wait_children();
    void reap();
    bool listen(std::string& error);
    boost::asio::awaitable<void> accept_loop();
    boost::asio::awaitable<void> identify(std::shared_ptr<boost::asio::generic::stream_protocol::socket> s);

    boost::asio::io_context& io_;
    std::vector<std::string> command_;
    std::map<std::string, std::string> env_;
    std::optional<Identity> identity_;
    std::string command_line_;
    std::string relay_;         // as configured
    std::string relay_address_; // what workers get in RR_RELAY (the port the kernel chose for :0)
    Duration connect_timeout_;
    boost::asio::signal_set sigchld_;
    std::unordered_set<pid_t> children_;
    std::unique_ptr<StreamAcceptor> acceptor_;
    std::string listen_error_;
    std::string unix_path_;
    std::unordered_map<pid_t, std::shared_ptr<Pending>> pending_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace rr::pool
