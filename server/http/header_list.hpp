// Small helpers over goridge::HeaderList (response headers as the worker sends them): names are
// matched case-insensitively.
#pragma once

#include "goridge-compat/http_context.hpp"

#include <string>
#include <string_view>

namespace rr::http {

goridge::HeaderValues* find_header(goridge::HeaderList& h, std::string_view name);
const goridge::HeaderValues* find_header(const goridge::HeaderList& h, std::string_view name);
// First value, or empty.
std::string_view header_value(const goridge::HeaderList& h, std::string_view name);
// Replaces every value of `name` with `value`.
void set_header(goridge::HeaderList& h, std::string_view name, std::string value);
// Adds one more value (keeps the existing ones).
void append_header(goridge::HeaderList& h, std::string_view name, std::string value);
void remove_header(goridge::HeaderList& h, std::string_view name);

} // namespace rr::http
