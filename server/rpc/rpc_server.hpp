// The rpc.listen socket (PROTOCOL.md §4): what RoadRunner's PHP `Spiral\Goridge\RPC\RPC` client and
// `rr-php reset|workers` connect to; each connection is served by the Dispatcher.
#pragma once

#include "server/rpc/dispatcher.hpp"

#include <boost/asio/io_context.hpp>

#include <memory>
#include <string>

namespace rr::rpc {

class Server {
public:
    // `listen` is tcp://host:port or unix:///path; the methods are `dispatcher`'s (which outlives it).
    Server(boost::asio::io_context& io, const Dispatcher& dispatcher, std::string listen);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    bool bind(std::string& error);
    void start();
    void stop();
    const std::string& address() const { return listen_; }

private:
    struct State;
    std::shared_ptr<State> state_;
    std::string listen_;
};

} // namespace rr::rpc
