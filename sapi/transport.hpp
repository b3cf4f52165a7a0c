// Where an embed worker's requests come from and where its responses go. The master's goridge
// channel is one transport (sapi/goridge_transport.hpp); with http.pool.dispatch: direct the worker
// serves HTTP/1.1 on its own connections (sapi/direct_http.hpp). request.cpp switches PHP between
// requests the same way for both.
#pragma once

#include "goridge-compat/http_context.hpp"
#include "sapi/request.hpp"

#include <string>

namespace rr::sapi {

class Transport {
public:
    virtual ~Transport() = default;

    // Blocks for the next request and fills r.ctx, r.body and r.seq. `stop` when the worker must end.
    virtual WaitResult next(HttpRequest& r) = 0;

    enum class Part {
        chunk, // more of the response follows (flush())
        done,  // the response is complete, the script goes on (rr_finish_request())
        last,  // the script's request ended; nothing follows
    };
    // Sends r.status and r.headers (unless r.streamed: they went with an earlier part) and r.out.
    // False only when the worker must end (its channel to the master broke); a client that left
    // is not an error.
    virtual bool send(HttpRequest& r, Part part) = 0;
    // An informational (1xx) response with `headers`, before the final one.
    virtual bool interim(HttpRequest& r, int status, const goridge::HeaderList& headers) = 0;
    // Whether the client of `r` has left (checked while a response streams).
    virtual bool client_gone(HttpRequest& r) = 0;
    // Why the last call failed.
    virtual const std::string& error_text() const = 0;
};

} // namespace rr::sapi
