#include "rpc_server.hpp"

#include "server/core/log.hpp"
#include "server/core/stream_listener.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <set>
#include <unistd.h>

namespace rr::rpc {
namespace asio = boost::asio;
using generic = asio::generic::stream_protocol;

struct Server::State : std::enable_shared_from_this<State> {
    State(asio::io_context& io, const Dispatcher& dispatcher)
        : io(io), dispatcher(dispatcher), acceptor(io) {}

    asio::io_context& io;
    const Dispatcher& dispatcher;
    StreamAcceptor acceptor;
    std::set<std::shared_ptr<generic::socket>> connections;
    std::string unix_path;
    bool stopped = false;

    asio::awaitable<void> accept_loop() {
        auto self = shared_from_this();
        while (!stopped) {
            auto [ec, sock] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
            if (ec) {
                if (stopped || ec == asio::error::operation_aborted) {
                    co_return;
                }
                log::channel("rpc").warn("rpc: accept failed: {}", ec.message());
                continue;
            }
            auto s = std::make_shared<generic::socket>(std::move(sock));
            connections.insert(s);
            asio::co_spawn(io, serve(s), asio::detached);
        }
    }

    asio::awaitable<void> serve(std::shared_ptr<generic::socket> s) {
        auto self = shared_from_this();
        co_await dispatcher.serve(s, "an rpc.listen client");
        connections.erase(s);
    }
};

Server::Server(asio::io_context& io, const Dispatcher& dispatcher, std::string listen)
    : state_(std::make_shared<State>(io, dispatcher)), listen_(std::move(listen)) {}

Server::~Server() {
    stop();
}

bool Server::bind(std::string& error) {
    std::string bound;
    if (!listen_on(state_->acceptor, "rpc.listen", listen_, bound, error)) {
        return false;
    }
    if (listen_.starts_with("unix://")) {
        state_->unix_path = listen_.substr(7);
    }
    listen_ = bound;
    return true;
}

void Server::start() {
    asio::co_spawn(state_->io, state_->accept_loop(), asio::detached);
}

void Server::stop() {
    if (state_->stopped) {
        return;
    }
    state_->stopped = true;
    boost::system::error_code ignored;
    state_->acceptor.close(ignored);
    for (const auto& s : state_->connections) {
        s->close(ignored);
    }
    if (!state_->unix_path.empty()) {
        ::unlink(state_->unix_path.c_str());
    }
}

} // namespace rr::rpc
