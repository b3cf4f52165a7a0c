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

private:
    boost::asio::any_io_executor ex_;
    ZygoteClient& zygote_;
    std::string command_;
};

} // namespace rr::pool
