#include "path_resolver.hpp"

#include "goridge-compat/target_path.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdexcept>
#include <sys/syscall.h>
#include <unistd.h>

namespace rr::http {
namespace {

constexpr int kOpenFlags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;

// The path below the directory that openat/fstatat take: "/a/b" -> "a/b", "/" -> ".".
std::string below(const std::string& rel) {
    return rel == "/" ? "." : rel.substr(rel.starts_with("/") ? 1 : 0);
}

PathResolver::Kind kind_of(const struct stat& st) {
    if (S_ISREG(st.st_mode)) {
        return PathResolver::Kind::file;
    }
    if (S_ISDIR(st.st_mode)) {
        return PathResolver::Kind::directory;
    }
    return PathResolver::Kind::none; // devices, FIFOs, sockets are never served
}

// A refused link (EXDEV: out of the root; ELOOP: a link where none may be, or a loop; EACCES: not
// the owner's, or no permission) is forbidden; a missing file or a dangling link is not there at all.
PathResolver::Kind kind_of_error(int err) {
    return err == EXDEV || err == EACCES || err == ELOOP ? PathResolver::Kind::forbidden
                                                         : PathResolver::Kind::none;
}

// Opens `sub` below `dir_fd` one component at a time, refusing (EACCES) a symbolic link whose
// owner is not its target's owner: nginx's disable_symlinks if_not_owner.
long open_if_owner(int dir_fd, const std::string& sub) {
    FileHandle at(::fcntl(dir_fd, F_DUPFD_CLOEXEC, 3));
    std::size_t i = 0;
    while (at) {
        const auto slash = sub.find('/', i);
        const std::string comp = sub.substr(i, slash == std::string::npos ? std::string::npos : slash - i);
        const bool last = slash == std::string::npos;
        struct stat link {};
        if (::fstatat(at.get(), comp.c_str(), &link, AT_SYMLINK_NOFOLLOW) != 0) {
            return -1;
        }
        if (S_ISLNK(link.st_mode)) {
            struct stat target {};
            if (::fstatat(at.get(), comp.c_str(), &target, 0) != 0) {
                return -1; // dangling (ENOENT) or a loop (ELOOP)
            }
            if (target.st_uid != link.st_uid) {
                errno = EACCES;
                return -1;
            }
        }
        const int next =
            ::openat(at.get(), comp.c_str(), last ? kOpenFlags : (O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (last || next < 0) {
            return next;
        }
        at = FileHandle(next);
        i = slash + 1;
    }
    return -1;
}

} // namespace

PathResolver::Symlinks PathResolver::symlinks_named(std::string_view name) {
    if (name == "on") {
        return Symlinks::on;
    }
    if (name == "if_not_owner") {
        return Symlinks::if_not_owner;
    }
    return name == "outside_root" ? Symlinks::outside_root : Symlinks::off;
}

PathResolver::PathResolver(Options o) : opts_(std::move(o)) {
    char real[PATH_MAX];
    if (::realpath(opts_.dir.c_str(), real) == nullptr) {
        throw std::runtime_error(opts_.dir + ": " + std::strerror(errno));
    }
    dir_ = real;
    dir_fd_ = FileHandle(::open(dir_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!dir_fd_) {
        throw std::runtime_error(dir_ + ": " + std::strerror(errno));
    }
}

PathResolver::Resolved PathResolver::resolve(std::string_view target, Open open) const {
    Resolved r;
    std::string decoded;
    if (!decode_target_path(target, decoded)) {
        r.kind = Kind::bad_request;
        return r;
    }
    std::string rel;
    std::size_t i = 0;
    while (i <= decoded.size()) {
        const auto slash = decoded.find('/', i);
        const std::string_view seg =
            std::string_view(decoded).substr(i, slash == std::string::npos ? std::string::npos : slash - i);
        i = slash == std::string::npos ? decoded.size() + 1 : slash + 1;
        if (seg.empty() || seg == ".") {
            continue;
        }
        if (seg == ".." || (opts_.deny_dotfiles && seg.front() == '.' && seg != ".well-known")) {
            r.kind = Kind::forbidden;
            return r;
        }
        rel.push_back('/');
        rel.append(seg);
    }
    Resolved out = resolve_path(rel.empty() ? "/" : rel, open);
    out.trailing_slash = !rel.empty() && decoded.ends_with("/");
    if (out.trailing_slash && out.kind == Kind::file) {
        out.kind = Kind::none; // "file.txt/" names no file
        out.file = FileHandle();
    }
    return out;
}

long PathResolver::open_below(const std::string& sub) const {
    if (opts_.symlinks == Symlinks::off) {
        return ::openat(dir_fd_.get(), sub.c_str(), kOpenFlags); // the URL path holds no ".." by now
    }
    if (opts_.symlinks == Symlinks::if_not_owner) {
        return sub == "." ? ::openat(dir_fd_.get(), ".", kOpenFlags) : open_if_owner(dir_fd_.get(), sub);
    }
    open_how how{};
    how.flags = kOpenFlags;
    how.resolve =
        RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | (opts_.symlinks == Symlinks::on ? RESOLVE_NO_SYMLINKS : 0);
    long fd = ::syscall(SYS_openat2, dir_fd_.get(), sub.c_str(), &how, sizeof how);
    if (fd < 0 && (errno == ENOSYS || errno == EPERM)) {
        // No openat2 (an old kernel, or a sandbox that filters it): resolve by hand, then check.
        char real[PATH_MAX];
        const std::string full = dir_ + "/" + sub;
        if (::realpath(full.c_str(), real) == nullptr) {
            fd = -1;
        } else if (std::string_view(real) != dir_ && !std::string_view(real).starts_with(dir_ + "/")) {
            errno = EXDEV;
            fd = -1;
        } else if (opts_.symlinks == Symlinks::on && std::string_view(real) != (sub == "." ? dir_ : full)) {
            errno = ELOOP; // a symbolic link somewhere on the way
            fd = -1;
        } else {
            fd = ::open(real, kOpenFlags);
        }
    }
    return fd;
}

PathResolver::Resolved PathResolver::resolve_path(const std::string& rel, Open open) const {
    Resolved r;
    r.rel = rel;
    const std::string sub = below(rel);
    if (open == Open::no && sub == ".") {
        r.kind = Kind::directory; // the root itself, opened as a directory at the start
        return r;
    }
    if (open == Open::no && opts_.symlinks == Symlinks::off) {
        // Every link is followed in this mode and the path holds no "..": what fstatat sees is
        // what openat would open.
        r.kind = ::fstatat(dir_fd_.get(), sub.c_str(), &r.st, 0) == 0 ? kind_of(r.st) : kind_of_error(errno);
        return r;
    }
    const long fd = open_below(sub);
    if (fd < 0) {
        r.kind = kind_of_error(errno);
        return r;
    }
    r.file = FileHandle(static_cast<int>(fd));
    r.kind = ::fstat(r.file.get(), &r.st) == 0 ? kind_of(r.st) : Kind::none;
    return r;
}

PathResolver::Kind PathResolver::open(Resolved& r) const {
    if (!r.file) {
        const long fd = open_below(below(r.rel));
        if (fd < 0) {
            return kind_of_error(errno);
        }
        r.file = FileHandle(static_cast<int>(fd));
        if (::fstat(r.file.get(), &r.st) != 0) {
            return Kind::none;
        }
    }
    return kind_of(r.st) == Kind::file ? Kind::file : Kind::none;
}

} // namespace rr::http
