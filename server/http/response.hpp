// The server's side of HTTP/1.x response serialization: the shared format, with every header it
// refuses logged.
#pragma once

#include "goridge-compat/http1_response.hpp"

#include <string>
#include <string_view>

namespace rr::http {

// Whether a header from PHP or a worker may go out (see field_problem). Logs a warning for the one
// it refuses.
bool usable_field(std::string_view name, std::string_view value);

// write_head() with refused headers logged.
void write_head(std::string& out, const ResponseHead& head);

} // namespace rr::http
