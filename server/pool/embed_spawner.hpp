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
    // http.pool.dispatch: direct: every worker gets these listeners (HTTP, HTTPS; -1: none) and
    // serves them itself (the fds stay the caller's). Such workers get no offer slot: the master
    // sends them no jobs.
    void give_listeners(int plain_fd, int tls_fd) {
        listen_fd_ = plain_fd;
        tls_listen_fd_ = tls_fd;
    }

private:
    boost::asio::any_io_executor ex_;
    ZygoteClient& zygote_;
    std::string command_;
    int listen_fd_ = -1;
    int tls_listen_fd_ = -1;
};

} // namespace rr::pool
