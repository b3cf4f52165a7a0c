// What a finished TLS handshake tells PHP: $_SERVER's SSL_* variables, as Apache's mod_ssl names
// them. Shared by the master's TLS connections and a worker that serves TLS itself
// (http.pool.dispatch: direct). Plain OpenSSL, no Asio.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <openssl/ssl.h>

namespace rr::http {

// SSL_PROTOCOL, SSL_CIPHER, SSL_SESSION_RESUMED, SSL_TLS_SNI, SSL_CLIENT_VERIFY (NONE, SUCCESS or
// FAILED:reason) and, with a client certificate, SSL_CLIENT_S_DN, SSL_CLIENT_I_DN,
// SSL_CLIENT_M_SERIAL, SSL_CLIENT_V_START, SSL_CLIENT_V_END and SSL_CLIENT_CERT (PEM).
std::vector<std::pair<std::string, std::string>> describe_handshake(SSL* ssl);

} // namespace rr::http
