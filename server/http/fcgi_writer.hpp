// ResponseWriter for a FastCGI request: the CGI response (a Status line, the headers, the body) in
// STDOUT records, then the end of the stream and END_REQUEST. CGI has no interim responses and no
// trailers: 1xx are dropped, trailer fields stay headers. A released response (rr_finish_request())
// ends at once: END_REQUEST goes out and the connection serves its next request.
#pragma once

#include "server/http/response_spool.hpp"
#include "server/http/response_stream.hpp"
#include "server/http/response_writer.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace rr::http {

class FcgiWriter final : public ResponseWriter {
public:
    FcgiWriter(ResponseStream& conn, boost::asio::any_io_executor ex, uint16_t request_id, bool head_request);
    FcgiWriter(const FcgiWriter&) = delete;
    FcgiWriter& operator=(const FcgiWriter&) = delete;

    boost::asio::awaitable<bool> interim(int, const goridge::HeaderList&) override { co_return true; }
    bool start(int status, const goridge::HeaderList& headers, std::optional<uint64_t> length,
               bool trailers) override;
    boost::asio::awaitable<bool> body(std::string_view a, std::string_view b, bool last) override;
    boost::asio::awaitable<bool> file(int fd, uint64_t offset, uint64_t count, bool last) override;
    boost::asio::awaitable<bool> finish(const goridge::HeaderList& trailers) override;
    bool trailers_supported() const override { return false; }
    void abort() override;
    void buffer(const SpoolLimits& limits) override;
    void release() override;
    bool started() const override { return status_ != 0; }

    // Ends the request (the empty STDOUT record and END_REQUEST), once; then waits until a buffered
    // response has reached the client. False when the request was aborted or the connection broke.
    boost::asio::awaitable<bool> end_request();
    int status() const { return status_; }
    // Called by release() (rr_finish_request()): the connection ends the request now, while the
    // handler goes on.
    void on_release(std::function<void()> f) { on_release_ = std::move(f); }

private:
    ResponseStream& out() { return spool_ ? static_cast<ResponseStream&>(*spool_) : conn_; }
    boost::asio::awaitable<bool> send(std::string_view content);

    ResponseStream& conn_;
    boost::asio::any_io_executor ex_;
    std::optional<ResponseSpool> spool_;
    uint16_t id_;
    bool head_request_;
    int status_ = 0;
    bool done_ = false;  // the body is complete: later bytes are dropped
    bool ended_ = false; // END_REQUEST went out
    bool broken_ = false;
    bool released_ = false; // release() ended the response: abort() has nothing left to cut
    std::string pending_;   // the CGI head, held back to go out with the first body bytes
    std::function<void()> on_release_;
};

} // namespace rr::http
