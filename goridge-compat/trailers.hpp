// RoadRunner's trailers: a worker's `Trailer: A, B` header names headers A and B, which then go after
// the body as HTTP trailers (HTTP/1.1 chunked, HTTP/2) instead of with the head.
#pragma once

#include "goridge-compat/http_context.hpp"

namespace rr::http {

struct Trailers {
    bool announced =
        false; // a Trailer header named at least one field (the body ends with a trailer section)
    goridge::HeaderList fields; // the named headers that were set, moved out of the head
};

// Moves the headers `headers`' Trailer header names out of it.
Trailers take_trailers(goridge::HeaderList& headers);

} // namespace rr::http
