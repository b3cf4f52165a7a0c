// A blocking goridge RPC client (PROTOCOL.md §4): one connection, calls one at a time, each a
// frame with options {sequence, method length} and the payload method + body; the reply carries
// the same sequence. Plain POSIX I/O, so `rr-php reset|workers`, the extension's rr_rpc() and the
// tests share it.
#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace rr::goridge {

class RpcError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The encoded RPC frame (request or reply).
std::string encode_rpc_frame(uint8_t flags, uint32_t seq, std::string_view method, std::string_view body);

struct RpcReply {
    bool error = false; // the server's error text is in `body`
    std::string body;
};

class RpcConnection {
public:
    // Connects to tcp://host:port or unix:///path; throws RpcError naming the address.
    static RpcConnection connect(const std::string& address);
    // Adopts a connected stream socket (`label` names it in errors).
    RpcConnection(int fd, std::string label);
    RpcConnection(RpcConnection&& other) noexcept;
    RpcConnection& operator=(RpcConnection&& other) noexcept;
    RpcConnection(const RpcConnection&) = delete;
    RpcConnection& operator=(const RpcConnection&) = delete;
    ~RpcConnection();

    // Calls `method` with `body` under `codec` (flag::kCodecJson, kCodecProto, kCodecRaw). Throws
    // RpcError when the connection fails, the reply is not an RPC frame for this call, or `timeout`
    // passes (the connection is closed then: a late reply cannot be taken for the next call).
    RpcReply call(std::string_view method, std::string_view body, uint8_t codec,
                  std::chrono::milliseconds timeout);
    bool connected() const { return fd_ >= 0; }
    const std::string& label() const { return label_; }

private:
    void close();
    void wait(short events, std::chrono::steady_clock::time_point deadline);
    void write_all(std::string_view data, std::chrono::steady_clock::time_point deadline);
    // Reads until the buffer holds `need` bytes.
    void fill(std::size_t need, std::chrono::steady_clock::time_point deadline);

    int fd_ = -1;
    std::string label_;
    uint32_t seq_ = 1;
    std::string rbuf_;
};

} // namespace rr::goridge
