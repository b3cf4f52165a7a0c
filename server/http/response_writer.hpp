// How a handler answers a request, whatever protocol carries it: interim responses, then the final
// status and headers, then the body as bytes or file ranges, then an optional trailer section.
// The protocol layer under it (http1_writer.hpp for HTTP/1.x) owns everything on the wire: framing
// (Content-Length, chunked, a body delimited by closing), Date, keep-alive, dropping the body of a
// HEAD request or a bodiless status, the status in the access log, and when the connection moves
// on to its next request. Handlers never write protocol bytes.
#pragma once

#include "goridge-compat/http_context.hpp"
#include "server/http/response_spool.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rr::http {

class ResponseWriter {
public:
    virtual ~ResponseWriter() = default;

    // An interim response (103 Early Hints) with only its own headers. A protocol that cannot carry
    // it (HTTP/1.0), and 101, drop it. False once the client is gone.
    virtual boost::asio::awaitable<bool> interim(int status, const goridge::HeaderList& headers) = 0;
    // The final status and headers. `length`: the body's size when it is known up front (nullopt:
    // the body streams). `trailers`: the body will end with finish(trailers). Headers the protocol
    // owns (Content-Length, Transfer-Encoding, Connection, Keep-Alive, Date) are ignored. The
    // response is complete at once for a HEAD request, a status without a body, or a known length
    // of 0 without trailers. Does not wait: the head may go out with the first body bytes, or when
    // the handler returns. False when the client is gone.
    virtual bool start(int status, const goridge::HeaderList& headers, std::optional<uint64_t> length,
                       bool trailers = false) = 0;
    // Body bytes, `a` then `b`; `last` completes the response.
    virtual boost::asio::awaitable<bool> body(std::string_view a, std::string_view b, bool last) = 0;
    // `count` bytes of the file `fd` from `offset`, as body bytes (zero-copy where the protocol can).
    virtual boost::asio::awaitable<bool> file(int fd, uint64_t offset, uint64_t count, bool last) = 0;
    // Completes the response with a trailer section (after start(..., trailers = true)).
    virtual boost::asio::awaitable<bool> finish(const goridge::HeaderList& trailers) = 0;
    // Whether a trailer section can reach the client (not over HTTP/1.0: leave such headers as headers).
    virtual bool trailers_supported() const = 0;
    // The response broke off and cannot be completed: the client must be able to tell (HTTP/1.1
    // closes without the last chunk).
    virtual void abort() = 0;
    // From now on the response is taken at once and sent at the client's pace (bounded by `limits`,
    // then a temp file), so whoever produces it — a worker — is never held by a slow client.
    virtual void buffer(const SpoolLimits& limits) = 0;
    // The response is complete but its producer goes on (rr_finish_request()): the client gets the
    // rest of its connection now; nothing may be written after this.
    virtual void release() = 0;
    // Whether start() has been called.
    virtual bool started() const = 0;
};

// A header list of one header (an `extra` for respond_text()).
goridge::HeaderList one_header(std::string name, std::string value);

// A short answer the server gives itself (errors, redirects): text/plain, with `extra` headers.
boost::asio::awaitable<bool> respond_text(ResponseWriter& out, int status, std::string_view body,
                                          goridge::HeaderList extra = {});

} // namespace rr::http
