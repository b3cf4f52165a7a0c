#include "identity.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

namespace rr {
namespace {

bool number(const std::string& s, unsigned long& out) {
    if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 9) {
        return false;
    }
    out = std::strtoul(s.c_str(), nullptr, 10);
    return true;
}

} // namespace

std::optional<Identity> identity_of(const std::string& user, const std::string& group, std::string& error) {
    Identity id;
    std::string name;
    unsigned long n = 0;
    const passwd* pw = number(user, n) ? ::getpwuid(static_cast<uid_t>(n)) : ::getpwnam(user.c_str());
    if (pw != nullptr) {
        id.uid = pw->pw_uid;
        id.gid = pw->pw_gid;
        name = pw->pw_name;
    } else if (number(user, n)) {
        id.uid = static_cast<uid_t>(n); // a uid without a passwd entry (containers): its own gid
        id.gid = static_cast<gid_t>(n);
    } else {
        error = "server.user: '" + user + "' is not a user on this machine";
        return std::nullopt;
    }
    if (!group.empty()) {
        const struct group* gr =
            number(group, n) ? ::getgrgid(static_cast<gid_t>(n)) : ::getgrnam(group.c_str());
        if (gr != nullptr) {
            id.gid = gr->gr_gid;
        } else if (number(group, n)) {
            id.gid = static_cast<gid_t>(n);
        } else {
            error = "server.group: '" + group + "' is not a group on this machine";
            return std::nullopt;
        }
    }
    if (!name.empty()) {
        int count = 64;
        std::vector<gid_t> groups(static_cast<std::size_t>(count));
        if (::getgrouplist(name.c_str(), id.gid, groups.data(), &count) < 0) {
            groups.resize(static_cast<std::size_t>(count));
            ::getgrouplist(name.c_str(), id.gid, groups.data(), &count);
        }
        groups.resize(static_cast<std::size_t>(count));
        id.groups = std::move(groups);
    }
    if (id.groups.empty()) {
        id.groups.push_back(id.gid);
    }
    return id;
}

bool mode_lets_read(const struct stat& st, const Identity& id) {
    if (id.uid == 0) {
        return true;
    }
    if (st.st_uid == id.uid) {
        return (st.st_mode & S_IRUSR) != 0;
    }
    if (st.st_gid == id.gid || std::find(id.groups.begin(), id.groups.end(), st.st_gid) != id.groups.end()) {
        return (st.st_mode & S_IRGRP) != 0;
    }
    return (st.st_mode & S_IROTH) != 0;
}

bool become(const Identity& id) {
    return ::setgroups(id.groups.size(), id.groups.data()) == 0 && ::setgid(id.gid) == 0 &&
           ::setuid(id.uid) == 0;
}

} // namespace rr
