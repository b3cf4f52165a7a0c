// ResponseWriter for HTTP/1.x: serializes the head, frames the body (Content-Length when the length
// is known, chunked while it streams on HTTP/1.1, delimited by closing on HTTP/1.0), writes
// trailers after the last chunk, and sends the head together with the first body bytes.
#pragma once

#include "goridge-compat/http_request.hpp"
#include "server/http/response_spool.hpp"
#include "server/http/response_stream.hpp"
#include "server/http/response_writer.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <optional>
#include <string>

namespace rr::http {

class Http1Writer final : public ResponseWriter {
public:
    // `conn`: the connection's byte stream; `keep_alive`: whether the connection may stay open.
    Http1Writer(ResponseStream& conn, boost::asio::any_io_executor ex, const Request& req, bool keep_alive);
    Http1Writer(const Http1Writer&) = delete;
    Http1Writer& operator=(const Http1Writer&) = delete;

    boost::asio::awaitable<bool> interim(int status, const goridge::HeaderList& headers) override;
    bool start(int status, const goridge::HeaderList& headers, std::optional<uint64_t> length,
               bool trailers) override;
    boost::asio::awaitable<bool> body(std::string_view a, std::string_view b, bool last) override;
    boost::asio::awaitable<bool> file(int fd, uint64_t offset, uint64_t count, bool last) override;
    boost::asio::awaitable<bool> finish(const goridge::HeaderList& trailers) override;
    bool trailers_supported() const override { return minor_ >= 1; }
    void abort() override;
    void buffer(const SpoolLimits& limits) override;
    void release() override;
    bool started() const override { return status_ != 0; }

    // Sends a head still held back, then waits until a buffered response has reached the client
    // (or the client is gone).
    boost::asio::awaitable<void> complete();
    // The final status (0: none was started), for the access log.
    int status() const { return status_; }

private:
    ResponseStream& out() { return spool_ ? static_cast<ResponseStream&>(*spool_) : conn_; }
    // Writes the held-back head (if any) followed by `a` and `b`.
    boost::asio::awaitable<bool> write(std::string_view a, std::string_view b = {});

    ResponseStream& conn_;
    boost::asio::any_io_executor ex_;
    std::optional<ResponseSpool> spool_;
    int minor_;
    bool head_request_;
    bool keep_alive_;
    int status_ = 0;
    bool chunked_ = false;
    bool done_ = false;   // the response is complete (or broken off): later body bytes are dropped
    std::string pending_; // the head, held back to go out with the first body bytes
};

} // namespace rr::http
