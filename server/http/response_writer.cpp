#include "response_writer.hpp"

namespace rr::http {
namespace asio = boost::asio;

goridge::HeaderList one_header(std::string name, std::string value) {
    goridge::HeaderList h;
    h.emplace_back(std::move(name), goridge::HeaderValues{std::move(value)});
    return h;
}

asio::awaitable<bool> respond_text(ResponseWriter& out, int status, std::string_view body,
                                   goridge::HeaderList extra) {
    goridge::HeaderList h;
    h.reserve(extra.size() + 1);
    h.emplace_back("Content-Type", goridge::HeaderValues{"text/plain; charset=utf-8"});
    for (auto& e : extra) {
        h.push_back(std::move(e));
    }
    const bool sent = out.start(status, h, body.size());
    if (!sent) {
        co_return false;
    }
    co_return co_await out.body(body, {}, true);
}

} // namespace rr::http
