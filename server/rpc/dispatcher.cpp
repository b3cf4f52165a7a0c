#include "dispatcher.hpp"

#include "goridge-compat/frame.hpp"
#include "goridge-compat/rpc_client.hpp"
#include "server/core/log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <array>
#include <cstring>
#include <memory>

namespace rr::rpc {
namespace asio = boost::asio;
namespace json = boost::json;
using generic = asio::generic::stream_protocol;

namespace {
// The largest request accepted; RPC arguments are small (KV values are the largest in RR).
constexpr uint32_t kMaxPayload = 64u << 20;
constexpr std::size_t kReadChunk = 16 * 1024;
} // namespace

void Dispatcher::add(const std::string& method, Handler handler) {
    handlers_[method] = std::move(handler);
}

void Dispatcher::add_raw(const std::string& method, RawHandler handler) {
    raw_handlers_[method] = std::move(handler);
}

asio::awaitable<Reply> Dispatcher::dispatch(const std::string& method, std::string_view body,
                                            uint8_t codec) const {
    const auto dot = method.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == method.size()) {
        co_return Reply::fail("rpc: service/method request ill-formed: " + method);
    }
    const auto it = handlers_.find(method);
    if (it == handlers_.end()) {
        const std::string service = method.substr(0, dot + 1);
        bool known = false;
        for (const auto& [name, h] : handlers_) {
            known = known || name.starts_with(service);
        }
        for (const auto& [name, h] : raw_handlers_) {
            known = known || name.starts_with(service);
        }
        co_return Reply::fail((known ? "rpc: can't find method " : "rpc: can't find service ") + method);
    }
    // JSON is the codec of every service here; the first codec bit set decides, as in RR.
    if ((codec & goridge::flag::kCodecProto) != 0 || (codec & goridge::flag::kCodecJson) == 0) {
        co_return Reply::fail(fmt::format("rpc: {}: this method takes the JSON codec (flags 0x08), got flags "
                                          "0x{:02x}",
                                          method, codec));
    }
    json::value arg = nullptr;
    if (!body.empty()) {
        boost::system::error_code ec;
        arg = json::parse(body, ec);
        if (ec) {
            co_return Reply::fail(
                fmt::format("rpc: {}: the argument is not valid JSON: {}", method, ec.message()));
        }
    }
    co_return co_await it->second(arg);
}

asio::awaitable<std::string> Dispatcher::json_reply(const std::string& method, std::string_view body,
                                                    uint8_t codec, uint32_t seq) const {
    const Reply r = co_await dispatch(method, body, codec);
    if (r.error) {
        co_return goridge::encode_rpc_frame(static_cast<uint8_t>(codec | goridge::flag::kError), seq, method,
                                            r.message);
    }
    co_return goridge::encode_rpc_frame(codec, seq, method, json::serialize(r.value));
}

asio::awaitable<void> Dispatcher::serve(std::shared_ptr<generic::socket> s, std::string who,
                                        Caller caller) const {
    std::string why;
    std::string buf; // what has arrived and is not handled yet (one read usually brings a whole frame)
    auto chunk = std::make_unique<char[]>(kReadChunk);
    // Reads until `buf` holds `need` bytes; false when the connection ends first.
    auto fill = [&](std::size_t need) -> asio::awaitable<bool> {
        while (buf.size() < need) {
            auto [ec, n] = co_await s->async_read_some(asio::buffer(chunk.get(), kReadChunk),
                                                       asio::as_tuple(asio::use_awaitable));
            if (ec) {
                co_return false;
            }
            buf.append(chunk.get(), n);
        }
        co_return true;
    };
    for (;;) {
        const bool have_head = co_await fill(goridge::kHeaderSize);
        if (!have_head) {
            if (!buf.empty()) {
                why = "connection closed in the middle of a frame";
            }
            break; // closed by the client (or by stop())
        }
        goridge::FrameHeader h;
        const auto err = goridge::parse_header(reinterpret_cast<const uint8_t*>(buf.data()), h, kMaxPayload);
        if (err != goridge::DecodeError::none) {
            why = goridge::describe(err);
            break;
        }
        if (h.option_count != 2) {
            why = fmt::format("expected 2 options (sequence, method length), got {}", h.option_count);
            break;
        }
        const std::size_t frame_size = goridge::kHeaderSize + 8 + std::size_t{h.payload_len};
        const bool have_frame = co_await fill(frame_size);
        if (!have_frame) {
            why = "connection closed in the middle of a frame";
            break;
        }
        const std::string rest = buf.substr(goridge::kHeaderSize, frame_size - goridge::kHeaderSize);
        buf.erase(0, frame_size);
        uint32_t seq = 0;
        uint32_t method_len = 0;
        std::memcpy(&seq, rest.data(), 4);
        std::memcpy(&method_len, rest.data() + 4, 4);
        if (method_len > h.payload_len) {
            why = fmt::format("method length {} is larger than the payload ({} bytes)", method_len,
                              h.payload_len);
            break;
        }
        const std::string method = rest.substr(8, method_len);
        const std::string_view body = std::string_view(rest).substr(8 + method_len);
        uint8_t codec =
            h.flags & (goridge::flag::kCodecProto | goridge::flag::kCodecJson | goridge::flag::kCodecRaw |
                       goridge::flag::kCodecMsgpack | goridge::flag::kCodecGob);
        std::string out;
        const auto raw = raw_handlers_.find(method);
        if (raw != raw_handlers_.end()) {
            RawReply rr = co_await raw->second(body, codec, caller);
            out = goridge::encode_rpc_frame(
                static_cast<uint8_t>(codec | (rr.error ? goridge::flag::kError : 0)), seq, method, rr.bytes);
        } else {
            out = co_await json_reply(method, body, codec, seq);
        }
        auto [ec3, n3] =
            co_await asio::async_write(*s, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
        if (ec3) {
            break;
        }
    }
    if (!why.empty()) {
        log::channel("rpc").warn("rpc: closing the connection of {}: {}", who, why);
    }
    boost::system::error_code ignored;
    s->close(ignored);
}

} // namespace rr::rpc
