#include "rpc_client.hpp"

#include "goridge-compat/frame.hpp"
#include "server/rpc/rpc_server.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace rr::rpc {
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

struct Client::Impl {
    int fd = -1;
    ~Impl() {
        if (fd >= 0) {
            ::close(fd);
        }
    }

    void wait(short events, Clock::time_point deadline, const std::string& address) const {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        pollfd p{fd, events, 0};
        const int r = ::poll(&p, 1, left > 0 ? static_cast<int>(left) : 0);
        if (r == 0) {
            throw RpcError(fmt::format("rpc: {} did not answer in time", address));
        }
    }

    void write_all(std::string_view data, Clock::time_point deadline, const std::string& address) const {
        while (!data.empty()) {
            wait(POLLOUT, deadline, address);
            const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
            if (n < 0 && errno != EINTR && errno != EAGAIN) {
                throw RpcError(fmt::format("rpc: writing to {} failed: {}", address, std::strerror(errno)));
            }
            if (n > 0) {
                data.remove_prefix(static_cast<std::size_t>(n));
            }
        }
    }

    void read_exact(char* out, std::size_t len, Clock::time_point deadline,
                    const std::string& address) const {
        while (len > 0) {
            wait(POLLIN, deadline, address);
            const ssize_t n = ::recv(fd, out, len, 0);
            if (n == 0) {
                throw RpcError(fmt::format("rpc: {} closed the connection", address));
            }
            if (n < 0 && errno != EINTR && errno != EAGAIN) {
                throw RpcError(fmt::format("rpc: reading from {} failed: {}", address, std::strerror(errno)));
            }
            if (n > 0) {
                out += n;
                len -= static_cast<std::size_t>(n);
            }
        }
    }
};

Client::Client(const std::string& address) : impl_(std::make_unique<Impl>()), address_(address) {
    if (address.starts_with("unix://")) {
        const std::string path = address.substr(7);
        sockaddr_un sa{};
        sa.sun_family = AF_UNIX;
        if (path.size() >= sizeof sa.sun_path) {
            throw RpcError(fmt::format("rpc: socket path too long: {}", path));
        }
        std::memcpy(sa.sun_path, path.c_str(), path.size() + 1);
        impl_->fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (::connect(impl_->fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
            throw RpcError(
                fmt::format("cannot reach the server's RPC at {}: {} (is rr-php serve running, with an "
                            "rpc section in its config?)",
                            address, std::strerror(errno)));
        }
        return;
    }
    if (!address.starts_with("tcp://")) {
        throw RpcError(fmt::format("rpc.listen: '{}' is not tcp://host:port or unix:///path", address));
    }
    const std::string hp = address.substr(6);
    const auto colon = hp.rfind(':');
    std::string host = colon == std::string::npos ? hp : hp.substr(0, colon);
    const std::string port = colon == std::string::npos ? "6001" : hp.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[') {
        host = host.substr(1, host.size() - 2);
    }
    if (host.empty() || host == "0.0.0.0") {
        host = "127.0.0.1";
    }
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &res) != 0 || res == nullptr) {
        throw RpcError(fmt::format("rpc: cannot resolve {}", address));
    }
    impl_->fd = ::socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int rc = ::connect(impl_->fd, res->ai_addr, res->ai_addrlen);
    const int err = errno;
    ::freeaddrinfo(res);
    if (rc != 0) {
        throw RpcError(
            fmt::format("cannot reach the server's RPC at {}: {} (is rr-php serve running, with an "
                        "rpc section in its config?)",
                        address, std::strerror(err)));
    }
}

Client::~Client() = default;

json::value Client::call(const std::string& method, const json::value& arg,
                         std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    const uint32_t seq = seq_++;
    impl_->write_all(encode_frame(goridge::flag::kCodecJson, seq, method, json::serialize(arg)), deadline,
                     address_);
    char head[goridge::kHeaderSize];
    impl_->read_exact(head, sizeof head, deadline, address_);
    goridge::FrameHeader h;
    const auto err = goridge::parse_header(reinterpret_cast<const uint8_t*>(head), h, 256u << 20);
    if (err != goridge::DecodeError::none || h.option_count != 2) {
        throw RpcError(fmt::format("rpc: {} sent a frame that is not an RPC reply", address_));
    }
    std::string rest(8 + std::size_t{h.payload_len}, '\0');
    impl_->read_exact(rest.data(), rest.size(), deadline, address_);
    uint32_t got_seq = 0;
    uint32_t method_len = 0;
    std::memcpy(&got_seq, rest.data(), 4);
    std::memcpy(&method_len, rest.data() + 4, 4);
    if (got_seq != seq || method_len > h.payload_len) {
        throw RpcError(fmt::format("rpc: {}: invalid RPC frame, sequence mismatch", address_));
    }
    const std::string body = rest.substr(8 + method_len);
    if ((h.flags & goridge::flag::kError) != 0) {
        throw RpcError(body.starts_with(method + ":") ? body : fmt::format("{}: {}", method, body));
    }
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    if (ec) {
        throw RpcError(fmt::format("rpc: {}: the reply is not JSON: {}", method, ec.message()));
    }
    return v;
}

} // namespace rr::rpc
