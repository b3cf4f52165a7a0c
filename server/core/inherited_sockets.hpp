// Listening sockets handed to this process, so that no connection is refused across a restart:
// by systemd socket activation, or by the previous rr-php on a SIGUSR2 upgrade. Both use systemd's
// variables: LISTEN_PID (this process), LISTEN_FDS (how many, from fd 3) and LISTEN_FDNAMES
// (colon-separated names; rr-php names each socket by its config key, e.g. http.address).
// A listener takes the socket named by its key, else the one bound to its address; it binds a new
// one only when none matches.
#pragma once

#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <vector>

namespace rr::inherited {

struct Socket {
    int fd = -1;
    std::string name;
};

// Takes the sockets the environment names (once, before anything else opens files) and removes the
// variables, so workers and commands never see them. The fds are close-on-exec from then on.
void adopt_from_environment();

// The socket named `key` or bound to `address`, taken out of the list (the caller owns it); -1 if
// none.
int take(const std::string& key, const sockaddr* address, socklen_t len);

// The sockets nobody took: closed (a socket unit listening on an address the config no longer has).
std::vector<std::string> close_unused();

// Every socket not taken yet (a forked zygote closes them).
const std::vector<Socket>& pending();

// Makes `sockets` fds 3, 4, ... of this process without close-on-exec, marks every other fd above
// them close-on-exec and sets the variables for an exec of the next binary (same pid). False (with
// errno set) when a dup failed.
bool hand_over(const std::vector<Socket>& sockets);

} // namespace rr::inherited
