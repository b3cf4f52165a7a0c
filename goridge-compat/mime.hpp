// Content-Type by file extension for files served from disk (static middleware, X-Sendfile).
#pragma once

#include <string_view>

namespace rr::http {

// `ext` with its dot, any case (".css"); application/octet-stream when unknown. Text types carry
// "; charset=utf-8".
std::string_view mime_type(std::string_view ext);
// The table is sorted (checked by a unit test; the lookup is a binary search).
bool mime_table_sorted();

} // namespace rr::http
