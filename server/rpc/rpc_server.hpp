// The goridge RPC server (PROTOCOL.md §4): what RoadRunner's PHP `Spiral\Goridge\RPC\RPC` client and
// `rr-php reset|workers` talk to. Frames carry `Service.Method` and a JSON argument; each request
// gets exactly one reply with the same sequence id. A frame that cannot be read as an RPC request
// closes that connection only.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace rr::rpc {

struct Reply {
    bool error = false;
    boost::json::value value; // the result (ignored on error)
    std::string message;      // the error text

    static Reply ok(boost::json::value v) { return Reply{false, std::move(v), {}}; }
    static Reply fail(std::string m) { return Reply{true, nullptr, std::move(m)}; }
};

using Handler = std::function<boost::asio::awaitable<Reply>(const boost::json::value& arg)>;

// The encoded RPC frame (request or reply): options {seq, method length}, payload method + body.
std::string encode_frame(uint8_t flags, uint32_t seq, std::string_view method, std::string_view body);

class Server {
public:
    // `listen` is tcp://host:port or unix:///path.
    Server(boost::asio::io_context& io, std::string listen);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    void add(const std::string& method, Handler handler);
    bool bind(std::string& error);
    void start();
    void stop();
    const std::string& address() const { return listen_; }

private:
    struct State;
    std::shared_ptr<State> state_;
    std::string listen_;
};

} // namespace rr::rpc
