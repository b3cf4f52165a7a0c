// A blocking goridge RPC client with the JSON codec, for `rr-php reset` and `rr-php workers`.
#pragma once

#include <boost/json/value.hpp>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

namespace rr::rpc {

class RpcError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Client {
public:
    // Connects to tcp://host:port or unix:///path; throws RpcError with a clear message.
    explicit Client(const std::string& address);
    ~Client();

    // Calls `method` with `arg`; returns the decoded result. A service error throws RpcError with
    // the server's text; `timeout` bounds the whole call.
    boost::json::value call(const std::string& method, const boost::json::value& arg,
                            std::chrono::milliseconds timeout = std::chrono::seconds(60));

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string address_;
    uint32_t seq_ = 1;
};

} // namespace rr::rpc
