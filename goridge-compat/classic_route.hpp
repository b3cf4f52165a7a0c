// Classic mode's routing, as nginx + php-fpm route with `try_files $uri $uri/ /index.php?$query_string`:
// what a request-target names below the document root — a PHP script to run, a static file, or an
// answer of the server's own (400, 403, 404, 301, 405). The master's router and a classic-mode
// worker that serves its own connections (http.pool.dispatch: direct) both route with it.
#pragma once

#include "goridge-compat/http_context.hpp"
#include "goridge-compat/path_resolver.hpp"

#include <string>
#include <string_view>

namespace rr::http {

// The script a classic-mode request runs: what php-fpm gets from nginx's fastcgi params.
struct ScriptTarget {
    std::string filename;      // SCRIPT_FILENAME: absolute
    std::string script_name;   // SCRIPT_NAME: "/index.php"
    std::string path_info;     // PATH_INFO: "/extra/path" or ""
    std::string document_root; // DOCUMENT_ROOT
    struct stat st {};         // what routing saw of the script
};

struct ClassicRules {
    std::string index = "index.php"; // the front controller, relative to the root; "" = none
    bool run_any_php = true;         // false: only the front controller runs
};

struct ClassicRoute {
    enum class Kind {
        answer,      // the server answers `status` with `body` (text/plain) and `headers`
        static_file, // `file` (resolved with Open::no: open it to serve it)
        script,      // `script` runs
    };
    Kind kind = Kind::answer;
    int status = 0;
    std::string body;
    goridge::HeaderList headers; // Location for 301, Allow for 405
    PathResolver::Resolved file;
    ScriptTarget script;
};

// `root` resolves with Open::no: nothing is opened here.
ClassicRoute route_classic(const PathResolver& root, std::string_view target, std::string_view method,
                           const ClassicRules& rules);

} // namespace rr::http
