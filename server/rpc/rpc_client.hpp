// The goridge RPC client with the JSON codec, for `rr-php reset` and `rr-php workers`.
#pragma once

#include "goridge-compat/rpc_client.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <string>

namespace rr::rpc {

using RpcError = goridge::RpcError;

class Client {
public:
    // Connects to tcp://host:port or unix:///path; throws RpcError with a clear message.
    explicit Client(const std::string& address);

    // Calls `method` with `arg`; returns the decoded result. A service error throws RpcError with
    // the server's text; `timeout` bounds the whole call.
    boost::json::value call(const std::string& method, const boost::json::value& arg,
                            std::chrono::milliseconds timeout = std::chrono::seconds(60));

private:
    goridge::RpcConnection conn_;
};

} // namespace rr::rpc
