#include "stream_listener.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <netinet/in.h>
#include <unistd.h>

namespace rr {
namespace asio = boost::asio;
using generic = asio::generic::stream_protocol;

std::optional<asio::ip::tcp::endpoint> tcp_endpoint(const generic::endpoint& ep) {
    const int family = ep.protocol().family();
    if (family != AF_INET && family != AF_INET6) {
        return std::nullopt;
    }
    asio::ip::tcp::endpoint out(family == AF_INET ? asio::ip::tcp::v4() : asio::ip::tcp::v6(), 0);
    std::memcpy(out.data(), ep.data(), std::min<std::size_t>(ep.size(), out.capacity()));
    out.resize(std::min<std::size_t>(ep.size(), out.capacity()));
    return out;
}

bool listen_on(StreamAcceptor& acceptor, const std::string& key, const std::string& address,
               std::string& bound, std::string& error) {
    boost::system::error_code ec;
    generic::endpoint ep;
    const bool unix_socket = address.starts_with("unix://");
    if (unix_socket) {
        const std::string path = address.substr(7);
        ::unlink(path.c_str());
        ep = generic::endpoint(asio::local::stream_protocol::endpoint(path));
    } else {
        const std::string hp = address.starts_with("tcp://") ? address.substr(6) : address;
        const auto colon = hp.rfind(':');
        std::string host = colon == std::string::npos ? hp : hp.substr(0, colon);
        if (host.size() >= 2 && host.front() == '[') {
            host = host.substr(1, host.size() - 2);
        }
        const auto addr =
            asio::ip::make_address(host.empty() || host == "localhost" ? "127.0.0.1" : host, ec);
        const std::string port = colon == std::string::npos ? "" : hp.substr(colon + 1);
        if (ec || port.empty() || port.size() > 5 ||
            port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) > 65535) {
            error = fmt::format("{}: '{}' is not tcp://IP:port or unix:///path", key, address);
            return false;
        }
        ep = generic::endpoint(asio::ip::tcp::endpoint(addr, static_cast<uint16_t>(std::stoul(port))));
    }
    acceptor.open(ep.protocol(), ec);
    if (!ec && !unix_socket) {
        acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
        acceptor.bind(ep, ec);
    }
    if (!ec) {
        acceptor.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        error = fmt::format("{}: cannot listen on {}: {}", key, address, ec.message());
        boost::system::error_code ignored;
        acceptor.close(ignored);
        return false;
    }
    bound = address;
    if (!unix_socket) { // sin_port and sin6_port sit at the same offset
        const generic::endpoint local = acceptor.local_endpoint();
        uint16_t port = 0;
        std::memcpy(&port, reinterpret_cast<const char*>(local.data()) + offsetof(sockaddr_in, sin_port), 2);
        const std::string hp = address.starts_with("tcp://") ? address.substr(6) : address;
        bound = fmt::format("tcp://{}:{}", hp.substr(0, hp.rfind(':')), ntohs(port));
    }
    return true;
}

} // namespace rr
