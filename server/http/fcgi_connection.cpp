#include "fcgi_connection.hpp"

#include "goridge-compat/text.hpp"
#include "server/core/stream_listener.hpp"
#include "server/http/fcgi_protocol.hpp"
#include "server/http/fcgi_request.hpp"
#include "server/http/fcgi_writer.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace rr::http {
namespace asio = boost::asio;

namespace {

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kReadChunk = 16 * 1024;

} // namespace

FcgiConnection::FcgiConnection(asio::generic::stream_protocol::socket socket, const config::HttpConfig& cfg,
                               Handler& handler, std::function<bool()> stopping)
    : socket_(std::move(socket)), timer_(socket_.get_executor()), cfg_(cfg), handler_(handler),
      stopping_(std::move(stopping)), watch_done_(socket_.get_executor()) {
    boost::system::error_code ec;
    const auto remote = socket_.remote_endpoint(ec);
    if (const auto tcp = ec ? std::nullopt : tcp_endpoint(remote)) {
        peer_.remote_ip = tcp->address().to_string();
        peer_.remote_port = tcp->port();
        socket_.set_option(asio::ip::tcp::no_delay(true), ec);
    } else {
        peer_.remote_ip = "unix socket";
    }
}

void FcgiConnection::start(std::function<void(ServedConnection*)> on_close) {
    on_close_ = std::move(on_close);
    auto self = shared_from_this();
    asio::co_spawn(
        socket_.get_executor(), [self] { return self->run(); }, asio::detached);
}

void FcgiConnection::stop_if_idle() {
    if (idle_) {
        boost::system::error_code ec;
        socket_.cancel(ec);
    }
}

void FcgiConnection::close_socket() {
    if (closed_) {
        return;
    }
    closed_ = true;
    boost::system::error_code ec;
    socket_.shutdown(asio::socket_base::shutdown_both, ec);
    socket_.close(ec);
    timer_.cancel();
}

asio::awaitable<bool> FcgiConnection::write(std::string_view a, std::string_view b) {
    if (closed_ || aborted_) {
        co_return false;
    }
    // http.write_timeout for the whole write: a web server reads its upstream promptly.
    auto self = shared_from_this();
    asio::steady_timer deadline(socket_.get_executor(), cfg_.write_timeout);
    bool timed_out = false;
    deadline.async_wait([self, &timed_out](const boost::system::error_code& ec) {
        if (!ec) {
            timed_out = true;
            boost::system::error_code ignored;
            self->socket_.cancel(ignored);
        }
    });
    const std::array<asio::const_buffer, 2> bufs{asio::buffer(a), asio::buffer(b)};
    auto [ec, n] = co_await asio::async_write(socket_, bufs, nothrow);
    deadline.cancel();
    if (ec || timed_out) {
        close_after_ = true;
        co_return false;
    }
    co_return true;
}

asio::awaitable<bool> FcgiConnection::send_file(int fd, uint64_t offset, uint64_t count) {
    std::string chunk;
    while (count > 0) {
        chunk.resize(static_cast<std::size_t>(std::min<uint64_t>(count, 64 * 1024)));
        const ssize_t n = ::pread(fd, chunk.data(), chunk.size(), static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            co_return false;
        }
        const bool ok = co_await write(std::string_view(chunk.data(), static_cast<std::size_t>(n)));
        if (!ok) {
            co_return false;
        }
        offset += static_cast<uint64_t>(n);
        count -= static_cast<uint64_t>(n);
    }
    co_return true;
}

asio::awaitable<bool> FcgiConnection::next_record(uint8_t& type, uint16_t& id, std::string& content) {
    std::unique_ptr<char[]> chunk;
    for (;;) {
        if (inbuf_.size() >= fcgi::kHeaderSize) {
            const fcgi::Header h = fcgi::parse_header(inbuf_);
            if (h.version != 1) {
                spdlog::warn("FastCGI client {}: not FastCGI (version {}); closing", peer_.remote_ip,
                             h.version);
                co_return false;
            }
            const std::size_t total = fcgi::kHeaderSize + h.content_length + h.padding_length;
            if (inbuf_.size() >= total) {
                type = h.type;
                id = h.request_id;
                content.assign(inbuf_, fcgi::kHeaderSize, h.content_length);
                inbuf_.erase(0, total);
                co_return true;
            }
        }
        if (!chunk) {
            chunk = std::make_unique<char[]>(kReadChunk);
        }
        // Between requests http.idle_timeout; within one http.read_timeout.
        auto self = shared_from_this();
        timer_.expires_after(idle_ ? cfg_.idle_timeout : cfg_.read_timeout);
        timer_.async_wait([self](const boost::system::error_code& ec) {
            if (!ec) {
                boost::system::error_code ignored;
                self->socket_.cancel(ignored);
            }
        });
        auto [ec, n] = co_await socket_.async_read_some(asio::buffer(chunk.get(), kReadChunk), nothrow);
        timer_.cancel();
        if (ec) {
            co_return false;
        }
        inbuf_.append(chunk.get(), n);
    }
}

asio::awaitable<FcgiConnection::Got> FcgiConnection::read_request(Incoming& in) {
    bool begun = false;
    bool params_done = false;
    uint8_t type = 0;
    uint16_t id = 0;
    std::string content;
    idle_ = true;
    for (;;) {
        if (!begun && stopping_()) {
            co_return Got::closed;
        }
        const bool more = co_await next_record(type, id, content);
        if (!more) {
            co_return Got::closed;
        }
        idle_ = false;
        if (id == 0) {
            // Management records: what we are (one connection, one request at a time).
            std::string reply;
            if (type == fcgi::kGetValues) {
                std::string pairs;
                const auto asked = fcgi::parse_pairs(content);
                for (const auto& [name, value] :
                     asked ? *asked : std::vector<std::pair<std::string, std::string>>{}) {
                    if (name == "FCGI_MPXS_CONNS") {
                        fcgi::append_pair(pairs, name, "0");
                    } else if (name == "FCGI_MAX_CONNS" || name == "FCGI_MAX_REQS") {
                        fcgi::append_pair(pairs, name, std::to_string(cfg_.max_connections));
                    }
                }
                fcgi::append_records(reply, fcgi::kGetValuesResult, 0, pairs);
            } else {
                const char body[8] = {static_cast<char>(type), 0, 0, 0, 0, 0, 0, 0};
                fcgi::append_records(reply, fcgi::kUnknownType, 0, std::string_view(body, 8));
            }
            const bool sent = co_await write(reply);
            if (!sent) {
                co_return Got::closed;
            }
            continue;
        }
        if (type == fcgi::kBeginRequest) {
            if (content.size() < 8) {
                co_return Got::closed;
            }
            const auto role = static_cast<uint16_t>((static_cast<uint8_t>(content[0]) << 8) |
                                                    static_cast<uint8_t>(content[1]));
            const bool keep = (static_cast<uint8_t>(content[2]) & fcgi::kKeepConn) != 0;
            std::string reply;
            if (begun && id != in.id) {
                fcgi::append_end_request(reply, id, 0, fcgi::kCantMpxConn); // one request at a time
            } else if (role != fcgi::kResponder) {
                fcgi::append_end_request(reply, id, 0, fcgi::kUnknownRole);
            } else {
                in = Incoming{};
                in.id = id;
                in.keep_conn = keep;
                begun = true;
                params_done = false;
                continue;
            }
            const bool sent = co_await write(reply);
            if (!sent) {
                co_return Got::closed;
            }
            continue;
        }
        if (!begun || id != in.id) {
            continue; // records of a request we refused or never saw: ignored
        }
        switch (type) {
        case fcgi::kAbortRequest: {
            std::string reply;
            fcgi::append_end_request(reply, id, 0, fcgi::kRequestComplete);
            begun = false;
            const bool sent = co_await write(reply);
            if (!sent || !in.keep_conn) {
                co_return Got::closed;
            }
            idle_ = true;
            continue;
        }
        case fcgi::kParams:
            if (content.empty()) {
                params_done = true;
            } else if (in.params.size() + content.size() > cfg_.max_header_size) {
                in.refuse = 431;
            } else {
                in.params.append(content);
            }
            continue;
        case fcgi::kStdin:
            if (content.empty()) {
                if (params_done) {
                    co_return Got::request;
                }
                continue;
            }
            if (in.body.size() + content.size() > cfg_.max_request_size) {
                in.refuse = in.refuse == 0 ? 413 : in.refuse;
                in.body.clear();
            } else if (in.refuse == 0) {
                in.body.append(content);
            }
            continue;
        default:
            continue; // FCGI_DATA (filter role) and anything else: not ours
        }
    }
}

asio::awaitable<void> FcgiConnection::watch(uint16_t id) {
    // Reads on while the request is served; only looks, the records stay for read_request().
    watching_ = true;
    auto chunk = std::make_unique<char[]>(kReadChunk);
    std::size_t scanned = 0;
    while (!aborted_) {
        for (;;) {
            if (inbuf_.size() < scanned + fcgi::kHeaderSize) {
                break;
            }
            const fcgi::Header h = fcgi::parse_header(std::string_view(inbuf_).substr(scanned));
            const std::size_t total = fcgi::kHeaderSize + h.content_length + h.padding_length;
            if (inbuf_.size() < scanned + total) {
                break;
            }
            if (h.type == fcgi::kAbortRequest && h.request_id == id) {
                spdlog::debug("FastCGI request {} aborted by the web server", id);
                aborted_ = true;
            }
            scanned += total;
        }
        if (aborted_) {
            break;
        }
        auto [ec, n] = co_await socket_.async_read_some(asio::buffer(chunk.get(), kReadChunk), nothrow);
        if (ec) {
            if (ec != asio::error::operation_aborted) {
                aborted_ = true; // the web server went away: its client is gone
            }
            break;
        }
        inbuf_.append(chunk.get(), n);
    }
    watching_ = false;
    watch_done_.notify();
}

asio::awaitable<bool> FcgiConnection::end_served(FcgiWriter& served) {
    const bool ended = co_await served.end_request();
    // Stop looking for an abort: the next records are read_request()'s.
    boost::system::error_code ec;
    socket_.cancel(ec);
    while (watching_) {
        co_await watch_done_.wait();
    }
    co_return ended && !aborted_ && !close_after_ && !closed_;
}

asio::awaitable<void> FcgiConnection::after_release(std::shared_ptr<FcgiWriter> served) {
    const bool more = co_await end_served(*served);
    if (more) {
        co_await run();
        co_return;
    }
    close_socket();
    if (on_close_) {
        on_close_(this);
    }
}

asio::awaitable<void> FcgiConnection::run() {
    auto self = shared_from_this();
    for (;;) {
        Incoming in;
        const Got got = co_await read_request(in);
        if (got != Got::request) {
            break;
        }
        idle_ = false;
        aborted_ = false;
        close_after_ = !in.keep_conn;
        Request req;
        ConnectionInfo info;
        std::string error;
        FcgiWriter writer(*this, socket_.get_executor(), in.id, false);
        if (in.refuse != 0) {
            co_await respond_text(writer, in.refuse,
                                  in.refuse == 431 ? "request header fields too large\n"
                                                   : "request body too large\n");
        } else if (!fcgi_to_request(in.params, std::move(in.body), req, info, error)) {
            spdlog::warn("FastCGI client {}: {}; answering 400", peer_.remote_ip, error);
            co_await respond_text(writer, 400, error + "\n");
        } else {
            auto served = std::make_shared<FcgiWriter>(*this, socket_.get_executor(), in.id, req.head());
            const uint64_t turn = turn_;
            served->on_release([this, weak = std::weak_ptr<FcgiWriter>(served)] {
                ++turn_;
                auto self = shared_from_this();
                asio::co_spawn(
                    socket_.get_executor(), [self, w = weak.lock()] { return self->after_release(w); },
                    asio::detached);
            });
            asio::co_spawn(socket_.get_executor(), watch(in.id), asio::detached);
            co_await handler_.handle(req, info, *served);
            if (turn != turn_) {
                co_return; // released: after_release() serves the connection now
            }
            if (!served->started() && !aborted_) {
                co_await respond_text(*served, 500, "internal server error\n");
            }
            const bool more = co_await end_served(*served);
            if (!more) {
                break;
            }
            continue;
        }
        const bool ended = co_await writer.end_request();
        if (!ended || close_after_ || closed_) {
            break;
        }
    }
    close_socket();
    if (on_close_) {
        on_close_(this);
    }
}

} // namespace rr::http
