// Embed workers: forked by the zygote, channel on a socketpair, stderr on a pipe.
#pragma once

#include "server/pool/spawner.hpp"
#include "server/pool/zygote_client.hpp"

#include <boost/asio/any_io_executor.hpp>

namespace rr::pool {

class EmbedSpawner : public Spawner {
public:
    EmbedSpawner(boost::asio::any_io_executor ex, ZygoteClient& zygote, std::string script);
    boost::asio::awaitable<std::shared_ptr<Worker>> spawn(std::string& error) override;
    // http.pool.dispatch: direct: every worker gets this listener and serves HTTP itself (the fd
    // stays the caller's). Such workers get no offer slot: the master sends them no jobs.
    void give_listener(int fd) { listen_fd_ = fd; }

private:
    boost::asio::any_io_executor ex_;
    ZygoteClient& zygote_;
    std::string command_;
    int listen_fd_ = -1;
};

} // namespace rr::pool
