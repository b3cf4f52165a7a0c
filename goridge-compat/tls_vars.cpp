#include "tls_vars.hpp"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace rr::http {
namespace {

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

std::string name_text(const X509_NAME* name) {
    BIO* bio = BIO_new(BIO_s_mem());
    X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253);
    std::string s = bio_text(bio);
    BIO_free(bio);
    return s;
}

std::string time_text(const ASN1_TIME* t) {
    BIO* bio = BIO_new(BIO_s_mem());
    ASN1_TIME_print(bio, t);
    std::string s = bio_text(bio);
    BIO_free(bio);
    return s;
}

std::string serial_text(const ASN1_INTEGER* serial) {
    BIGNUM* bn = ASN1_INTEGER_to_BN(serial, nullptr);
    if (bn == nullptr) {
        return {};
    }
    char* hex = BN_bn2hex(bn);
    std::string s = hex != nullptr ? hex : "";
    OPENSSL_free(hex);
    BN_free(bn);
    return s;
}

std::string pem_text(X509* cert) {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    std::string s = bio_text(bio);
    BIO_free(bio);
    return s;
}

} // namespace

std::vector<std::pair<std::string, std::string>> describe_handshake(SSL* ssl) {
    std::vector<std::pair<std::string, std::string>> vars;
    vars.emplace_back("SSL_PROTOCOL", SSL_get_version(ssl));
    if (const char* cipher = SSL_get_cipher_name(ssl); cipher != nullptr) {
        vars.emplace_back("SSL_CIPHER", cipher);
    }
    vars.emplace_back("SSL_SESSION_RESUMED", SSL_session_reused(ssl) != 0 ? "Resumed" : "Initial");
    if (const char* sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name); sni != nullptr) {
        vars.emplace_back("SSL_TLS_SNI", sni);
    }
    X509* cert = SSL_get0_peer_certificate(ssl);
    if (cert == nullptr) {
        vars.emplace_back("SSL_CLIENT_VERIFY", "NONE");
        return vars;
    }
    const long verified = SSL_get_verify_result(ssl);
    vars.emplace_back("SSL_CLIENT_VERIFY",
                      verified == X509_V_OK
                          ? std::string("SUCCESS")
                          : std::string("FAILED:") + X509_verify_cert_error_string(verified));
    vars.emplace_back("SSL_CLIENT_S_DN", name_text(X509_get_subject_name(cert)));
    vars.emplace_back("SSL_CLIENT_I_DN", name_text(X509_get_issuer_name(cert)));
    vars.emplace_back("SSL_CLIENT_M_SERIAL", serial_text(X509_get0_serialNumber(cert)));
    vars.emplace_back("SSL_CLIENT_V_START", time_text(X509_get0_notBefore(cert)));
    vars.emplace_back("SSL_CLIENT_V_END", time_text(X509_get0_notAfter(cert)));
    vars.emplace_back("SSL_CLIENT_CERT", pem_text(cert));
    return vars;
}

} // namespace rr::http
