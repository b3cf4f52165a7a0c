// The server's RPC methods by name, and the goridge RPC conversation on one connection: the
// rpc.listen socket's connections and each embedded worker's own RPC channel (rr_rpc()) are served
// the same way. Frames carry `Service.Method` and a JSON argument; each request gets exactly one
// reply with the same sequence id. A frame that cannot be read as an RPC request closes that
// connection only.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace rr::rpc {

struct Reply {
    bool error = false;
    boost::json::value value; // the result (ignored on error)
    std::string message;      // the error text

    static Reply ok(boost::json::value v) { return Reply{false, std::move(v), {}}; }
    static Reply fail(std::string m) { return Reply{true, nullptr, std::move(m)}; }
};

using Handler = std::function<boost::asio::awaitable<Reply>(const boost::json::value& arg)>;

// Who calls: a worker over its own channel (its pid), or a client of rpc.listen (pid 0).
struct Caller {
    int pid = 0;
};

// A method whose argument is not JSON (the protobuf messages some stock clients send): the body
// as it came and its codec bits; the reply is sent with the same codec.
struct RawReply {
    bool error = false;
    std::string bytes; // the reply payload, or the error text
};
using RawHandler = std::function<boost::asio::awaitable<RawReply>(std::string_view body, uint8_t codec,
                                                                  const Caller& caller)>;

class Dispatcher {
public:
    void add(const std::string& method, Handler handler);
    void add_raw(const std::string& method, RawHandler handler);
    // Runs `method` with the request `body` sent under `codec` (the frame's codec bits).
    boost::asio::awaitable<Reply> dispatch(const std::string& method, std::string_view body,
                                           uint8_t codec) const;
    // Answers the RPC frames that arrive on `socket` until it closes; `who` names it in logs.
    boost::asio::awaitable<void> serve(std::shared_ptr<boost::asio::generic::stream_protocol::socket> socket,
                                       std::string who, Caller caller = {}) const;

private:
    // The reply frame of a JSON method.
    boost::asio::awaitable<std::string> json_reply(const std::string& method, std::string_view body,
                                                   uint8_t codec, uint32_t seq) const;

    std::map<std::string, Handler> handlers_;
    std::map<std::string, RawHandler> raw_handlers_;
};

} // namespace rr::rpc
