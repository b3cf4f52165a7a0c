#include "inherited_sockets.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace rr::inherited {
namespace {

std::vector<Socket>& list() {
    static std::vector<Socket> sockets;
    return sockets;
}

bool same_address(int fd, const sockaddr* want, socklen_t len) {
    sockaddr_storage have{};
    socklen_t have_len = sizeof have;
    if (want == nullptr || ::getsockname(fd, reinterpret_cast<sockaddr*>(&have), &have_len) != 0 ||
        have.ss_family != want->sa_family) {
        return false;
    }
    if (want->sa_family == AF_INET) {
        const auto& a = reinterpret_cast<const sockaddr_in&>(have);
        const auto& b = *reinterpret_cast<const sockaddr_in*>(want);
        return a.sin_port == b.sin_port && a.sin_addr.s_addr == b.sin_addr.s_addr && b.sin_port != 0;
    }
    if (want->sa_family == AF_INET6 && len >= sizeof(sockaddr_in6)) {
        const auto& a = reinterpret_cast<const sockaddr_in6&>(have);
        const auto& b = *reinterpret_cast<const sockaddr_in6*>(want);
        return a.sin6_port == b.sin6_port && b.sin6_port != 0 &&
               std::memcmp(&a.sin6_addr, &b.sin6_addr, sizeof a.sin6_addr) == 0;
    }
    return false;
}

} // namespace

void adopt_from_environment() {
    const char* pid = std::getenv("LISTEN_PID");
    const char* fds = std::getenv("LISTEN_FDS");
    const char* names = std::getenv("LISTEN_FDNAMES");
    const bool mine = pid != nullptr && fds != nullptr && std::strtol(pid, nullptr, 10) == ::getpid();
    const int n = mine ? static_cast<int>(std::strtol(fds, nullptr, 10)) : 0;
    std::vector<std::string> given;
    if (mine && names != nullptr) {
        std::string all(names);
        std::size_t start = 0;
        for (;;) {
            const auto colon = all.find(':', start);
            given.push_back(
                all.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
            if (colon == std::string::npos) {
                break;
            }
            start = colon + 1;
        }
    }
    for (int i = 0; i < n && i < 1024; ++i) {
        const int fd = 3 + i;
        if (::fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
            continue;
        }
        list().push_back(
            Socket{fd, i < static_cast<int>(given.size()) ? given[static_cast<std::size_t>(i)] : ""});
    }
    ::unsetenv("LISTEN_PID");
    ::unsetenv("LISTEN_FDS");
    ::unsetenv("LISTEN_FDNAMES");
}

int take(const std::string& key, const sockaddr* address, socklen_t len) {
    auto& l = list();
    for (auto it = l.begin(); it != l.end(); ++it) {
        if (it->name == key) {
            const int fd = it->fd;
            l.erase(it);
            return fd;
        }
    }
    for (auto it = l.begin(); it != l.end(); ++it) {
        if (same_address(it->fd, address, len)) {
            const int fd = it->fd;
            l.erase(it);
            return fd;
        }
    }
    return -1;
}

std::vector<std::string> close_unused() {
    std::vector<std::string> names;
    for (const auto& s : list()) {
        names.push_back(s.name.empty() ? "fd " + std::to_string(s.fd) : s.name);
        ::close(s.fd);
    }
    list().clear();
    return names;
}

const std::vector<Socket>& pending() {
    return list();
}

bool hand_over(const std::vector<Socket>& sockets) {
    // First above every target, so that no dup2 below clobbers a socket still to be moved.
    std::vector<int> high;
    for (const auto& s : sockets) {
        const int fd = ::fcntl(s.fd, F_DUPFD_CLOEXEC, 3 + static_cast<int>(sockets.size()) + 16);
        if (fd < 0) {
            return false;
        }
        high.push_back(fd);
    }
    std::string names;
    for (std::size_t i = 0; i < high.size(); ++i) {
        const int target = 3 + static_cast<int>(i);
        if (::dup2(high[i], target) < 0) { // dup2's copy is not close-on-exec
            return false;
        }
        names += (i > 0 ? ":" : "") + sockets[i].name;
    }
    ::close_range(3 + static_cast<unsigned>(high.size()), ~0u, CLOSE_RANGE_CLOEXEC);
    ::setenv("LISTEN_FDS", std::to_string(high.size()).c_str(), 1);
    ::setenv("LISTEN_PID", std::to_string(::getpid()).c_str(), 1);
    ::setenv("LISTEN_FDNAMES", names.c_str(), 1);
    return true;
}

} // namespace rr::inherited
