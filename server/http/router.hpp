// The front of the request path: CORS preflight, the static middleware, classic mode's document
// root (php-fpm + nginx `try_files $uri $uri/ /index.php?$query_string`), then PHP.
#pragma once

#include "goridge-compat/classic_route.hpp"
#include "server/http/handler.hpp"
#include "server/http/middleware.hpp"
#include "server/http/php_handler.hpp"
#include "server/http/static_files.hpp"

#include <memory>

namespace rr::http {

class Router : public Handler {
public:
    // Builds the static middleware / classic document root from `http` (throws std::runtime_error
    // when a directory cannot be opened).
    // `reader`: server.user, whom static files are served for (see StaticFiles::Options::reader).
    Router(const config::HttpConfig& http, PhpHandler& php,
           const std::optional<Identity>& reader = std::nullopt);

    boost::asio::awaitable<void> handle(Request& req, const ConnectionInfo& info,
                                        ResponseWriter& out) override;

    const Middleware& middleware() const { return mw_; }

private:
    boost::asio::awaitable<void> classic(Request& req, const ConnectionInfo& info, ResponseWriter& out);

    const config::HttpConfig& http_;
    PhpHandler& php_;
    Middleware mw_;
    std::unique_ptr<StaticFiles> static_; // static middleware
    std::unique_ptr<StaticFiles> root_;   // classic mode's document root
    ClassicRules classic_rules_;
};

} // namespace rr::http
