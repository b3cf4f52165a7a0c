// Files from a directory (the static middleware, and classic mode's document root): safe path
// resolution (no byte outside the directory, whatever the encoding or symlinks), conditional
// requests (ETag / If-None-Match, Last-Modified / If-Modified-Since → 304), single byte ranges
// (206 / 416), Content-Type by extension, zero-copy sending.
#pragma once

#include "goridge-compat/file_handle.hpp"
#include "goridge-compat/http_context.hpp"
#include "goridge-compat/http_request.hpp"
#include "server/http/middleware.hpp"
#include "server/http/response_writer.hpp"
#include "server/http/target_path.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <string>
#include <sys/stat.h>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rr::http {

// Serves a file that is already open (the X-Sendfile middleware uses it too): status, headers
// (Content-Type from the extension unless `headers` has one), conditionals, ranges, compression.
struct FileResponse {
    const Request* req = nullptr;
    FileHandle* file = nullptr;
    struct stat st {};
    std::string path;            // for the extension
    goridge::HeaderList headers; // extra headers (static.response, the worker's for X-Sendfile)
    std::string etag;            // "" = none
    int status = 200;            // a worker's status for X-Sendfile; ranges apply to 200 only
    bool decorated = false;      // headers.response / CORS already applied
};
boost::asio::awaitable<void> send_file_response(FileResponse& fr, ResponseWriter& out, const Middleware& mw);

class StaticFiles {
public:
    enum class Etag { none, crc32, mtime };
    // Symbolic links met while resolving a request's path (http.disable_symlinks), as nginx's
    // disable_symlinks: `off` follows them all (links placed in the root are the administrator's,
    // as Debian's packaged apps ship them); `outside_root` refuses those leading out of the root;
    // `on` refuses any; `if_not_owner` refuses one whose owner differs from its target's. A path
    // from the URL can never climb out by itself: "..", encoded or not, is refused before.
    enum class Symlinks { off, outside_root, on, if_not_owner };
    struct Options {
        std::string dir;
        std::vector<std::string> forbid; // extensions, lower case with the dot
        std::vector<std::string> allow;
        Etag etag = Etag::none;
        bool weak = false;
        std::vector<std::pair<std::string, std::string>> request_headers;
        std::vector<std::pair<std::string, std::string>> response_headers;
        bool deny_dotfiles = true; // "/.env", "/.git/config" → 403 (/.well-known/ is allowed)
        Symlinks symlinks = Symlinks::off;
    };
    // Throws std::runtime_error when `dir` cannot be opened.
    explicit StaticFiles(Options o);
    StaticFiles(const StaticFiles&) = delete;
    StaticFiles& operator=(const StaticFiles&) = delete;
    ~StaticFiles();

    enum class Kind {
        none,        // nothing there (or not a regular file/directory): not ours
        file,        // a regular file, open in `file` (unless resolved with Open::no)
        directory,   // a directory (`rel` ends without '/')
        forbidden,   // "..", a dotfile, a symlink the mode refuses, or a symlink loop
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
    // is opened (`file` stays closed until serve() opens it); the other symlink modes open anyway,
    // as their checks need the descriptors.
    enum class Open { yes, no };
    // Resolves the path of `target` (a request-target) below the directory.
    Resolved resolve(std::string_view target, Open open = Open::yes) const;
    // Resolves an already-decoded relative path (e.g. "/sub/index.php").
    Resolved resolve_path(const std::string& rel, Open open = Open::yes) const;
    // The forbid / allow lists say this file may be served as is.
    bool extension_served(std::string_view rel) const;
    const std::string& dir() const { return dir_; }
    const Options& options() const { return opts_; }

    // Serves a resolved file (GET or HEAD); one resolved with Open::no is opened first (403 when it
    // may not be read, 404 when it is gone or no longer a regular file).
    boost::asio::awaitable<void> serve(const Request& req, Resolved& r, ResponseWriter& out,
                                       const Middleware& mw);

private:
    std::string etag_for(int fd, const struct stat& st);
    // Opens `sub` (relative, no "..") below the directory as the symlink mode allows; -1 with errno.
    long open_below(const std::string& sub) const;

    Options opts_;
    std::string dir_; // the real path of the directory
    int dir_fd_ = -1;
    std::unordered_map<std::string, uint32_t> crc_cache_;
};

} // namespace rr::http
