// Which file of a directory a request-target names, safely: no byte outside the directory,
// whatever the encoding or the symbolic links met (nginx's disable_symlinks), ".." and dotfiles
// refused. Used by the static middleware and classic mode's document root in the master, and by a
// classic-mode worker that serves its own connections (http.pool.dispatch: direct). Plain POSIX.
#pragma once

#include "goridge-compat/file_handle.hpp"

#include <string>
#include <string_view>
#include <sys/stat.h>

namespace rr::http {

class PathResolver {
public:
    // Symbolic links met while resolving (http.disable_symlinks), as nginx's disable_symlinks:
    // `off` follows them all (links placed in the root are the administrator's, as Debian's packaged
    // apps ship them); `outside_root` refuses those leading out of the root; `on` refuses any;
    // `if_not_owner` refuses one whose owner differs from its target's. A path from the URL can
    // never climb out by itself: "..", encoded or not, is refused before.
    enum class Symlinks { off, outside_root, on, if_not_owner };
    // The mode of an http.disable_symlinks value (validated by the config: anything else is off).
    static Symlinks symlinks_named(std::string_view name);
    struct Options {
        std::string dir;
        bool deny_dotfiles = true; // "/.env", "/.git/config" → forbidden (/.well-known/ is allowed)
        Symlinks symlinks = Symlinks::off;
    };
    // Throws std::runtime_error when `dir` cannot be opened.
    explicit PathResolver(Options o);
    PathResolver(const PathResolver&) = delete;
    PathResolver& operator=(const PathResolver&) = delete;

    enum class Kind {
        none,        // nothing there (or not a regular file/directory): not ours
        file,        // a regular file, open in `file` (unless resolved with Open::no)
        directory,   // a directory (`rel` ends without '/')
        forbidden,   // "..", a dotfile, a symlink the mode refuses, a symlink loop, no permission
        bad_request, // a malformed %-escape or NUL
    };
    struct Resolved {
        Kind kind = Kind::none;
        FileHandle file;
        struct stat st {};
        std::string rel;             // decoded, normalised path below the directory, starting with '/'
        bool trailing_slash = false; // the request's path ended with '/'
    };
    // Open::no is for callers that mostly need to know what is there (classic mode's routing: a
    // script the worker runs, a directory): with `symlinks: off` it costs one fstatat and no file
    // is opened (`file` stays closed until open() opens it); the other symlink modes open anyway,
    // as their checks need the descriptors.
    enum class Open { yes, no };
    // Resolves the path of `target` (a request-target) below the directory.
    Resolved resolve(std::string_view target, Open open = Open::yes) const;
    // Resolves an already-decoded relative path (e.g. "/sub/index.php").
    Resolved resolve_path(const std::string& rel, Open open = Open::yes) const;
    // Opens a file resolved with Open::no (a no-op when it is open): Kind::file with `file` and `st`
    // of what was opened, or forbidden (no permission, a refused link) or none (gone, or no longer a
    // regular file).
    Kind open(Resolved& r) const;
    // The real path of the directory.
    const std::string& dir() const { return dir_; }

private:
    // Opens `sub` (relative, no "..") below the directory as the symlink mode allows; -1 with errno.
    long open_below(const std::string& sub) const;

    Options opts_;
    std::string dir_;
    FileHandle dir_fd_;
};

} // namespace rr::http
