// Files from a directory (the static middleware, and classic mode's document root): safe path
// resolution (goridge-compat/path_resolver.hpp), conditional
// requests (ETag / If-None-Match, Last-Modified / If-Modified-Since → 304), single byte ranges
// (206 / 416), Content-Type by extension, zero-copy sending.
#pragma once

#include "goridge-compat/file_handle.hpp"
#include "goridge-compat/http_context.hpp"
#include "goridge-compat/http_request.hpp"
#include "goridge-compat/identity.hpp"
#include "goridge-compat/path_resolver.hpp"
#include "server/http/middleware.hpp"
#include "server/http/response_writer.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <optional>
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
    using Symlinks = PathResolver::Symlinks;
    using Kind = PathResolver::Kind;
    using Resolved = PathResolver::Resolved;
    using Open = PathResolver::Open;
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
        // server.user: files are served for that user, as nginx's workers serve them: one its mode
        // bits do not let it read is 403, although the master (root) could open it.
        std::optional<Identity> reader;
    };
    // Throws std::runtime_error when `dir` cannot be opened.
    explicit StaticFiles(Options o);
    StaticFiles(const StaticFiles&) = delete;
    StaticFiles& operator=(const StaticFiles&) = delete;

    // See PathResolver.
    Resolved resolve(std::string_view target, Open open = Open::yes) const {
        return paths_.resolve(target, open);
    }
    Resolved resolve_path(const std::string& rel, Open open = Open::yes) const {
        return paths_.resolve_path(rel, open);
    }
    const PathResolver& paths() const { return paths_; }
    // The forbid / allow lists say this file may be served as is.
    bool extension_served(std::string_view rel) const;
    const std::string& dir() const { return paths_.dir(); }
    const Options& options() const { return opts_; }

    // Serves a resolved file (GET or HEAD); one resolved with Open::no is opened first (403 when it
    // may not be read, 404 when it is gone or no longer a regular file).
    boost::asio::awaitable<void> serve(const Request& req, Resolved& r, ResponseWriter& out,
                                       const Middleware& mw);

private:
    std::string etag_for(int fd, const struct stat& st);

    Options opts_;
    PathResolver paths_;
    std::unordered_map<std::string, uint32_t> crc_cache_;
};

} // namespace rr::http
