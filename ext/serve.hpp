// rr_serve(): the whole server inside the php-cli process that calls it (the pecl build's rr.so).
#pragma once

#include <string>
#include <vector>

namespace rr::ext {

// Runs `rr-php ARGS...` in this process, as the binary would, and returns its exit status. Defined
// by the composition root that links the server in (server/hosted_main.cpp).
int host_server(const std::vector<std::string>& args);

} // namespace rr::ext
