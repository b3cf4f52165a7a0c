// A line in the server log from inside a worker: its stderr is a pipe into the master's log.
#pragma once

#include <cstdio>
#include <string>

namespace rr::sapi {

inline void log_line(const char* what, const std::string& detail) {
    std::fprintf(stderr, "rr-php worker: %s%s%s\n", what, detail.empty() ? "" : ": ", detail.c_str());
    std::fflush(stderr);
}

} // namespace rr::sapi
