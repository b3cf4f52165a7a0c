// A byte stream towards one client, below the protocol layer (http1_writer.hpp writes HTTP/1.x
// responses into it).
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <string_view>

namespace rr::http {

// The bytes of responses on their way to a client: the connection itself, or a spool in front of it.
class ResponseStream {
public:
    virtual ~ResponseStream() = default;
    // Writes both buffers; false when the client is gone (or made no progress for write_timeout).
    virtual boost::asio::awaitable<bool> write(std::string_view a, std::string_view b = {}) = 0;
    // Writes what the socket takes now without waiting; returns the bytes written (0 when it cannot).
    virtual std::size_t try_write(std::string_view a, std::string_view b) = 0;
    // Sends `count` bytes of the file `fd` from `offset`, zero-copy (sendfile(2)); false when the
    // client is gone or the file ended early.
    virtual boost::asio::awaitable<bool> send_file(int fd, uint64_t offset, uint64_t count) = 0;
    // The connection closes after this response (e.g. a body delimited by closing).
    virtual void close_after_response() = 0;
    // The response is complete but its handler goes on (rr_finish_request()): the connection serves
    // its next request now and the handler must not touch it again.
    virtual void release_response() = 0;
};

} // namespace rr::http
