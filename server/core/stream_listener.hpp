// Listening on `tcp://host:port` or `unix:///path` with one Asio acceptor type, for the places that
// take RoadRunner-style addresses (rpc.listen, server.relay).
#pragma once

#include <boost/asio/basic_socket_acceptor.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <optional>
#include <string>

namespace rr {

using StreamAcceptor = boost::asio::basic_socket_acceptor<boost::asio::generic::stream_protocol>;

// Opens, binds and listens on `address` (a stale unix socket file is removed first). On success
// returns true and sets `bound` to the address as bound: with port 0, the port the kernel chose.
// Errors name `key`. An empty host or `localhost` means 127.0.0.1.
bool listen_on(StreamAcceptor& acceptor, const std::string& key, const std::string& address,
               std::string& bound, std::string& error);

// The TCP endpoint a generic one holds (IPv4 or IPv6); nullopt for a unix socket.
std::optional<boost::asio::ip::tcp::endpoint>
tcp_endpoint(const boost::asio::generic::stream_protocol::endpoint& ep);

} // namespace rr
