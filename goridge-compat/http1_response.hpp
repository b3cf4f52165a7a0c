// Serializing HTTP/1.x responses (plain C++: the server and the direct-dispatch worker share it).
#pragma once

#include "goridge-compat/http_context.hpp"

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace rr::http {

const char* reason_phrase(int status);

// The current time as an HTTP date, refreshed at most once per second.
std::string_view http_date();
std::string format_http_date(std::time_t t);
// Parses an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT").
std::optional<std::time_t> parse_http_date(std::string_view s);

enum class BodyFraming {
    content_length, // Content-Length: n
    chunked,        // Transfer-Encoding: chunked (HTTP/1.1)
    close,          // body ends when the connection closes (HTTP/1.0 streaming)
    none,           // 1xx, 204, 304: no body and no length
};

struct ResponseHead {
    int status = 200;
    const goridge::HeaderList* headers = nullptr; // from the worker; may be null
    BodyFraming framing = BodyFraming::content_length;
    uint64_t content_length = 0;
    bool keep_alive = true;
    int version_minor = 1;
};

// Whether a header from PHP or a worker may go out (an RFC 9110 token as its name, a value without
// CR, LF or NUL): null when it may, else why not.
const char* field_problem(std::string_view name, std::string_view value);
bool field_ok(std::string_view name, std::string_view value);
using FieldFilter = bool (*)(std::string_view name, std::string_view value);

// Appends the status line and headers (ending with the blank line) to `out`. Framing and
// connection headers given by the worker are dropped: the server owns them; so are the fields
// `usable` refuses.
void write_head(std::string& out, const ResponseHead& head, FieldFilter usable);

// The end of a chunked body: the last chunk and `trailers` (those `usable` lets through).
void write_last_chunk(std::string& out, const goridge::HeaderList& trailers, FieldFilter usable);

// A complete short response the server produces itself (errors, 503, ...).
// `head_only` (a HEAD request): the same head, Content-Length included, without the body.
std::string simple_response(int status, std::string_view body, bool keep_alive, int version_minor = 1,
                            std::string_view extra_headers = {}, bool head_only = false);

// Whether a response with this status to this method carries a body.
bool status_has_body(int status);

} // namespace rr::http
