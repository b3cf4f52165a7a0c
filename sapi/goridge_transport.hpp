// Requests as goridge job frames from the master and responses as reply frames (PROTOCOL.md §3):
// the transport of every embed worker unless http.pool.dispatch is direct.
#pragma once

#include "sapi/channel.hpp"
#include "sapi/transport.hpp"

namespace rr::sapi {

class GoridgeTransport final : public Transport {
public:
    explicit GoridgeTransport(Channel& channel) : channel_(channel) {}

    WaitResult next(HttpRequest& r) override;
    bool send(HttpRequest& r, Part part) override;
    bool interim(HttpRequest& r, int status, const goridge::HeaderList& headers) override;
    bool client_gone(HttpRequest& r) override { return channel_.poll_stop(r.seq); }
    const std::string& error_text() const override { return error_.empty() ? channel_.error_text() : error_; }

private:
    Channel& channel_;
    std::string error_;
};

} // namespace rr::sapi
