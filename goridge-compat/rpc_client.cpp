#include "rpc_client.hpp"

#include "goridge-compat/frame.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <netdb.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <utility>

namespace rr::goridge {
using Clock = std::chrono::steady_clock;

namespace {
// The largest reply taken; RPC replies are small (KV values are the largest).
constexpr uint32_t kMaxReply = 256u << 20;
// How long a call waits for its reply without sleeping.
constexpr std::chrono::microseconds kSpin{50};

std::string unreachable(const std::string& address, int err) {
    return "cannot reach the server's RPC at " + address + ": " + std::strerror(err) +
           " (is rr-php serve running, with an rpc section in its config?)";
}
} // namespace

std::string encode_rpc_frame(uint8_t flags, uint32_t seq, std::string_view method, std::string_view body) {
    const std::array<uint32_t, 2> options{seq, static_cast<uint32_t>(method.size())};
    std::string payload;
    payload.reserve(method.size() + body.size());
    payload.append(method).append(body);
    return encode(flags, 0, options, payload);
}

RpcConnection RpcConnection::connect(const std::string& address) {
    if (address.starts_with("unix://")) {
        const std::string path = address.substr(7);
        sockaddr_un sa{};
        sa.sun_family = AF_UNIX;
        if (path.empty() || path.size() >= sizeof sa.sun_path) {
            throw RpcError("rpc: '" + address + "' is not a usable unix socket path");
        }
        std::memcpy(sa.sun_path, path.c_str(), path.size() + 1);
        RpcConnection c(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), address);
        if (::connect(c.fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
            throw RpcError(unreachable(address, errno));
        }
        return c;
    }
    if (!address.starts_with("tcp://")) {
        throw RpcError("rpc: '" + address + "' is not tcp://host:port or unix:///path");
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
        throw RpcError("rpc: cannot resolve " + address);
    }
    RpcConnection c(::socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0), address);
    const int rc = ::connect(c.fd_, res->ai_addr, res->ai_addrlen);
    const int err = errno;
    ::freeaddrinfo(res);
    if (rc != 0) {
        throw RpcError(unreachable(address, err));
    }
    return c;
}

RpcConnection::RpcConnection(int fd, std::string label) : fd_(fd), label_(std::move(label)) {
    if (fd_ < 0) {
        throw RpcError("rpc: cannot create a socket for " + label_ + ": " + std::strerror(errno));
    }
}

RpcConnection::RpcConnection(RpcConnection&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), label_(std::move(other.label_)), seq_(other.seq_) {}

RpcConnection& RpcConnection::operator=(RpcConnection&& other) noexcept {
    if (this != &other) {
        close();
        fd_ = std::exchange(other.fd_, -1);
        label_ = std::move(other.label_);
        seq_ = other.seq_;
    }
    return *this;
}

RpcConnection::~RpcConnection() {
    close();
}

void RpcConnection::close() {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

void RpcConnection::wait(short events, Clock::time_point deadline) {
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        pollfd p{fd_, events, 0};
        const int r = ::poll(&p, 1, left > 0 ? static_cast<int>(left) : 0);
        if (r > 0) {
            return;
        }
        if (r == 0) {
            close();
            throw RpcError("rpc: " + label_ + " did not answer in time");
        }
        if (errno != EINTR) {
            close();
            throw RpcError("rpc: waiting for " + label_ + " failed: " + std::strerror(errno));
        }
    }
}

void RpcConnection::write_all(std::string_view data, Clock::time_point deadline) {
    while (!data.empty()) {
        wait(POLLOUT, deadline);
        const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0 && errno != EINTR && errno != EAGAIN) {
            const int err = errno;
            close();
            throw RpcError("rpc: writing to " + label_ + " failed: " + std::strerror(err));
        }
        if (n > 0) {
            data.remove_prefix(static_cast<std::size_t>(n));
        }
    }
}

void RpcConnection::fill(std::size_t need, Clock::time_point deadline) {
    // The reply usually comes within microseconds: try again (yielding the CPU, which the server may
    // need) for a short while before sleeping in poll(), whose wakeup costs more than the call.
    const auto spin_until = Clock::now() + kSpin;
    char chunk[16 * 1024];
    while (rbuf_.size() < need) {
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, MSG_DONTWAIT);
        if (n > 0) {
            rbuf_.append(chunk, static_cast<std::size_t>(n));
            continue;
        }
        if (n == 0) {
            close();
            throw RpcError("rpc: " + label_ + " closed the connection");
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            const int err = errno;
            close();
            throw RpcError("rpc: reading from " + label_ + " failed: " + std::strerror(err));
        }
        if (Clock::now() < spin_until) {
            ::sched_yield();
            continue;
        }
        wait(POLLIN, deadline);
    }
}

RpcReply RpcConnection::call(std::string_view method, std::string_view body, uint8_t codec,
                             std::chrono::milliseconds timeout) {
    if (fd_ < 0) {
        throw RpcError("rpc: the connection to " + label_ + " is closed");
    }
    const auto deadline = Clock::now() + timeout;
    const uint32_t seq = seq_++;
    write_all(encode_rpc_frame(codec, seq, method, body), deadline);
    rbuf_.clear(); // nothing is left over: one call at a time, one reply each
    fill(kHeaderSize, deadline);
    FrameHeader h;
    const auto err = parse_header(reinterpret_cast<const uint8_t*>(rbuf_.data()), h, kMaxReply);
    if (err != DecodeError::none || h.option_count != 2) {
        close();
        throw RpcError("rpc: " + label_ + " sent a frame that is not an RPC reply");
    }
    fill(kHeaderSize + 8 + std::size_t{h.payload_len}, deadline);
    const std::string_view rest = std::string_view(rbuf_).substr(kHeaderSize, 8 + std::size_t{h.payload_len});
    uint32_t got_seq = 0;
    uint32_t method_len = 0;
    std::memcpy(&got_seq, rest.data(), 4);
    std::memcpy(&method_len, rest.data() + 4, 4);
    if (got_seq != seq || method_len > h.payload_len) {
        close();
        throw RpcError("rpc: " + label_ + ": invalid RPC reply (sequence mismatch)");
    }
    RpcReply r;
    r.error = (h.flags & flag::kError) != 0;
    r.body = std::string(rest.substr(8 + method_len));
    return r;
}

} // namespace rr::goridge
