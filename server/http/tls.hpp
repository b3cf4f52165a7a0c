// TLS for the HTTP listener (RoadRunner's http.ssl), with OpenSSL through Asio: the server context
// built from the config (TLS 1.2 and 1.3 only, no renegotiation, session resumption, the five client
// certificate policies of Go's tls.ClientAuthType), swapped whole on reload. What a finished
// handshake tells PHP: goridge-compat/tls_vars.hpp.
#pragma once

#include "server/config/config.hpp"

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>
#include <utility>

#include <openssl/ssl.h>

namespace rr::http {

using TlsContextPtr = std::shared_ptr<boost::asio::ssl::context>;

// The context for `cfg`, or null with `error` naming the file or setting at fault.
TlsContextPtr make_tls_context(const config::SslConfig& cfg, std::string& error);

// The context new connections use. A reload replaces it; connections keep the one they started with.
class TlsContexts {
public:
    TlsContextPtr current() const { return current_; }
    void replace(TlsContextPtr next) { current_ = std::move(next); }

private:
    TlsContextPtr current_;
};

} // namespace rr::http
