#include "rpc_client.hpp"

#include "goridge-compat/frame.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace rr::rpc {
namespace json = boost::json;

Client::Client(const std::string& address) : conn_(goridge::RpcConnection::connect(address)) {}

json::value Client::call(const std::string& method, const json::value& arg,
                         std::chrono::milliseconds timeout) {
    const goridge::RpcReply r = conn_.call(method, json::serialize(arg), goridge::flag::kCodecJson, timeout);
    if (r.error) {
        throw RpcError(r.body.starts_with(method + ":") ? r.body : fmt::format("{}: {}", method, r.body));
    }
    boost::system::error_code ec;
    json::value v = json::parse(r.body, ec);
    if (ec) {
        throw RpcError(fmt::format("rpc: {}: the reply is not JSON: {}", method, ec.message()));
    }
    return v;
}

} // namespace rr::rpc
