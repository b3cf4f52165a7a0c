#include "tls.hpp"

#include "goridge-compat/text.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <openssl/err.h>
#include <openssl/pem.h>

namespace rr::http {
namespace ssl = boost::asio::ssl;

namespace {

// Mozilla's "intermediate" TLS 1.2 list (TLS 1.3 keeps OpenSSL's own suites, all modern).
constexpr const char* kTls12Ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                                      "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                                      "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

std::string openssl_reason() {
    const unsigned long e = ERR_get_error();
    ERR_clear_error();
    if (e == 0) {
        return "unknown OpenSSL error";
    }
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    return buf;
}

// A file that cannot be opened says why in the words of the OS, before OpenSSL's vaguer reason.
bool readable(const std::string& key, const std::string& path, std::string& error) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        error = fmt::format("{}: cannot read {}: {}", key, text::shown_path(path), std::strerror(errno));
        return false;
    }
    std::fclose(f);
    return true;
}

// ALPN: h2 when the client offers it, else HTTP/1.1 (as Go's server, and so RoadRunner's).
int select_protocol(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
                    unsigned int inlen, void*) {
    static const unsigned char kPreferred[] = "\x02h2\x08http/1.1";
    unsigned char* selected = nullptr;
    if (SSL_select_next_proto(&selected, outlen, kPreferred, sizeof kPreferred - 1, in, inlen) !=
        OPENSSL_NPN_NEGOTIATED) {
        return SSL_TLSEXT_ERR_NOACK; // nothing in common: no ALPN, HTTP/1.1
    }
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
}

int accept_any_certificate(int /*preverify_ok*/, X509_STORE_CTX* /*ctx*/) {
    return 1; // the policy asks for a certificate but does not verify it (SSL_CLIENT_VERIFY still tells)
}

} // namespace

TlsContextPtr make_tls_context(const config::SslConfig& cfg, std::string& error) {
    ERR_clear_error();
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
    SSL_CTX* c = ctx->native_handle();
    SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION);
    SSL_CTX_set_options(c, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_cipher_list(c, kTls12Ciphers);
    // TLS 1.3: AES-128-GCM first (the cheapest with AES instructions, as strong as needed).
    SSL_CTX_set_ciphersuites(c, "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256");
    SSL_CTX_set_alpn_select_cb(c, select_protocol, nullptr);
    // Resumption: session tickets (OpenSSL's default) and a server-side session cache.
    SSL_CTX_set_session_cache_mode(c, SSL_SESS_CACHE_SERVER);
    static const unsigned char kSessionContext[] = "rr-php";
    SSL_CTX_set_session_id_context(c, kSessionContext, sizeof kSessionContext - 1);

    if (!readable("http.ssl.cert", cfg.cert, error) || !readable("http.ssl.key", cfg.key, error)) {
        return nullptr;
    }
    if (SSL_CTX_use_certificate_chain_file(c, cfg.cert.c_str()) != 1) {
        error = fmt::format("http.ssl.cert: '{}' is not a PEM certificate: {}", cfg.cert, openssl_reason());
        return nullptr;
    }
    EVP_PKEY* key = nullptr;
    if (std::FILE* f = std::fopen(cfg.key.c_str(), "rb"); f != nullptr) {
        key = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
        std::fclose(f);
    }
    if (key == nullptr) {
        error = fmt::format("http.ssl.key: '{}' is not a PEM private key (or it is encrypted): {}", cfg.key,
                            openssl_reason());
        return nullptr;
    }
    const bool key_fits = SSL_CTX_use_PrivateKey(c, key) == 1 && SSL_CTX_check_private_key(c) == 1;
    EVP_PKEY_free(key);
    if (!key_fits) {
        error = fmt::format("http.ssl.key: '{}' does not match the certificate '{}': {}", cfg.key, cfg.cert,
                            openssl_reason());
        return nullptr;
    }
    if (!cfg.root_ca.empty()) {
        if (!readable("http.ssl.root_ca", cfg.root_ca, error)) {
            return nullptr;
        }
        if (SSL_CTX_load_verify_locations(c, cfg.root_ca.c_str(), nullptr) != 1) {
            error = fmt::format("http.ssl.root_ca: '{}' holds no PEM certificate: {}", cfg.root_ca,
                                openssl_reason());
            return nullptr;
        }
        // Tell clients which CAs their certificate should come from.
        if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(cfg.root_ca.c_str()); names != nullptr) {
            SSL_CTX_set_client_CA_list(c, names);
        }
    } else {
        SSL_CTX_set_default_verify_paths(c);
    }
    const std::string& auth = cfg.client_auth_type;
    if (auth == "request_client_cert") {
        SSL_CTX_set_verify(c, SSL_VERIFY_PEER, accept_any_certificate);
    } else if (auth == "require_any_client_cert") {
        SSL_CTX_set_verify(c, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, accept_any_certificate);
    } else if (auth == "verify_client_cert_if_given") {
        SSL_CTX_set_verify(c, SSL_VERIFY_PEER, nullptr);
    } else if (auth == "require_and_verify_client_cert") {
        SSL_CTX_set_verify(c, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    } else {
        SSL_CTX_set_verify(c, SSL_VERIFY_NONE, nullptr);
    }
    return ctx;
}

} // namespace rr::http
