// The file-system path a request-target names, for the static and classic-mode resolvers.
#pragma once

#include <string>
#include <string_view>

namespace rr::http {

// The path of a request-target ("/a%20b/c.css?x" → "/a b/c.css"; an absolute-form target's
// authority dropped); false on a bad %-escape or a NUL.
bool decode_target_path(std::string_view target, std::string& out);

} // namespace rr::http
