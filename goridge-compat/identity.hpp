// server.user / server.group: the user and groups workers run as when the master runs as root.
// Resolved by the master (identity_of); applied in a freshly forked worker (become).
#pragma once

#include <optional>
#include <string>
#include <sys/stat.h>
#include <sys/types.h>
#include <vector>

namespace rr {

struct Identity {
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> groups; // supplementary groups (the user's, as initgroups gives them)
};

// The identity of `user` (a name or a number), with `group` (name or number) as its primary group
// when given. std::nullopt with `error` when either is unknown.
std::optional<Identity> identity_of(const std::string& user, const std::string& group, std::string& error);

// The mode bits of `st` let `id` read the file (root reads anything). ACLs are not consulted.
bool mode_lets_read(const struct stat& st, const Identity& id);

// Switches the calling process to `id`: groups, then gid, then uid. Async-signal-safe (for a child
// between fork and exec). False if any step failed (errno says why).
bool become(const Identity& id);

} // namespace rr
