// TLS for the HTTP listener (RoadRunner's http.ssl), with OpenSSL through Asio: the server context
// built from the config (TLS 1.2 and 1.3 only, no renegotiation, session resumption, the five client
// certificate policies of Go's tls.ClientAuthType), swapped whole on reload, and what a finished
// handshake tells PHP ($_SERVER's SSL_* variables, as Apache's mod_ssl names them).
#pragma once

#include "server/config/config.hpp"

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

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

// $_SERVER variables describing a finished handshake: SSL_PROTOCOL, SSL_CIPHER, SSL_SESSION_RESUMED,
// SSL_TLS_SNI, SSL_CLIENT_VERIFY (NONE, SUCCESS or FAILED:reason) and, with a client certificate,
// SSL_CLIENT_S_DN, SSL_CLIENT_I_DN, SSL_CLIENT_M_SERIAL, SSL_CLIENT_V_START, SSL_CLIENT_V_END and
// SSL_CLIENT_CERT (PEM).
std::vector<std::pair<std::string, std::string>> describe_handshake(SSL* ssl);

} // namespace rr::http
