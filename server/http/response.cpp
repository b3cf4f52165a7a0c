#include "response.hpp"

#include "goridge-compat/text.hpp"

#include <spdlog/spdlog.h>

namespace rr::http {

bool usable_field(std::string_view name, std::string_view value) {
    if (field_ok(name, value)) {
        return true;
    }
    if (!text::is_token(name)) {
        spdlog::warn("response header dropped: its name {} is not a valid header name",
                     text::printable(name));
    } else {
        spdlog::warn("response header {} dropped: its value holds CR, LF or NUL", name);
    }
    return false;
}

void write_head(std::string& out, const ResponseHead& head) {
    write_head(out, head, usable_field);
}

} // namespace rr::http
