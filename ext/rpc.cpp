// The server's RPC from PHP. Where a call goes, first match wins: the connection rr_rpc_connect()
// made in this process; a worker's own channel to the master (a socketpair: for embedded workers
// the zygote hands it over, fd in sapi::worker_state().rpc_fd; exec'd php-cli workers with rr.so
// inherit it as RR_RPC_FD); the address in RR_RPC (set when the config has an rpc section). The frames are
// goridge RPC frames (goridge-compat/rpc_client.hpp), so the master serves all three the same way.
#include "ext/rpc.hpp"

#include "goridge-compat/frame.hpp"
#include "goridge-compat/rpc_client.hpp"
#include "sapi/php_headers.hpp"
#include "sapi/request.hpp"

extern "C" {
#include <ext/json/php_json.h>
#include <zend_smart_str.h>
}

#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <optional>
#include <string>
#include <utility>

namespace rr::ext {

zend_class_entry* rpc_exception_ce = nullptr;

namespace {

constexpr std::chrono::seconds kCallTimeout{60};

// This process's RPC connection, made on first use (the PHP API is single-threaded: NTS only).
std::optional<goridge::RpcConnection> g_conn;
// An exec'd worker's RPC channel, inherited as RR_RPC_FD (see rpc_startup()).
int g_inherited_fd = -1;
// Set when rr_rpc_connect() failed: calls fail until a connect succeeds (they do not fall back
// to another channel, which may be another server).
std::string g_failed_connect;

goridge::RpcConnection& connection() {
    if (!g_failed_connect.empty()) {
        throw goridge::RpcError("rpc: not connected: rr_rpc_connect('" + g_failed_connect + "') failed");
    }
    if (g_conn && g_conn->connected()) {
        return *g_conn;
    }
    if (g_conn) {
        // A connection that failed (timeout, server gone) stays failed: a late reply could
        // otherwise be taken for the next call's.
        throw goridge::RpcError("rpc: the connection to " + g_conn->label() +
                                " failed earlier; call rr_rpc_connect() to connect again");
    }
    if (const int fd = sapi::worker_state().rpc_fd; fd >= 0) {
        sapi::worker_state().rpc_fd = -1; // owned by the connection from now on
        g_conn.emplace(fd, "the server (this worker's RPC channel)");
        return *g_conn;
    }
    if (g_inherited_fd >= 0) {
        g_conn.emplace(std::exchange(g_inherited_fd, -1), "the server (this worker's RPC channel)");
        return *g_conn;
    }
    if (const char* env = std::getenv("RR_RPC"); env != nullptr && *env != '\0') {
        g_conn.emplace(goridge::RpcConnection::connect(env));
        return *g_conn;
    }
    throw goridge::RpcError(
        "rpc: no RPC channel: rr_rpc() works in workers of rr-php serve; elsewhere call "
        "rr_rpc_connect('tcp://127.0.0.1:6001') with the server's rpc.listen address first");
}

// The call, or an RR\RpcException thrown (nullopt).
std::optional<std::string> call(std::string_view method, std::string_view body, uint8_t codec) {
    try {
        goridge::RpcReply r = connection().call(method, body, codec, kCallTimeout);
        if (r.error) {
            zend_throw_exception(rpc_exception_ce, r.body.c_str(), 0);
            return std::nullopt;
        }
        return std::move(r.body);
    } catch (const goridge::RpcError& e) {
        zend_throw_exception(rpc_exception_ce, e.what(), 0);
        return std::nullopt;
    }
}

} // namespace

void rpc_startup() {
    // An exec'd worker (php-cli with rr.so): the master passed its RPC channel as RR_RPC_FD. It is
    // taken now, close-on-exec, so the processes this worker starts inherit neither it nor the name.
    if (const char* env = std::getenv("RR_RPC_FD"); env != nullptr) {
        char* end = nullptr;
        const long fd = std::strtol(env, &end, 10);
        if (end != env && *end == '\0' && fd >= 0 && fd < 65536 &&
            ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC) == 0) {
            g_inherited_fd = static_cast<int>(fd);
        }
        ::unsetenv("RR_RPC_FD");
    }
}

} // namespace rr::ext

PHP_FUNCTION(rr_rpc) {
    zend_string* method = nullptr;
    zval* params = nullptr;
    ZEND_PARSE_PARAMETERS_START(1, 2)
    Z_PARAM_STR(method)
    Z_PARAM_OPTIONAL
    Z_PARAM_ZVAL(params)
    ZEND_PARSE_PARAMETERS_END();

    smart_str json = {};
    zval null_value;
    ZVAL_NULL(&null_value);
    if (php_json_encode(&json, params != nullptr ? params : &null_value, PHP_JSON_UNESCAPED_SLASHES) ==
            FAILURE ||
        JSON_G(error_code) != PHP_JSON_ERROR_NONE) {
        smart_str_free(&json);
        zend_throw_exception_ex(rr::ext::rpc_exception_ce, 0,
                                "rr_rpc(%s): the params cannot be sent as JSON (json_encode() error %d)",
                                ZSTR_VAL(method), static_cast<int>(JSON_G(error_code)));
        RETURN_THROWS();
    }
    smart_str_0(&json);
    const std::string_view body =
        json.s != nullptr ? std::string_view(ZSTR_VAL(json.s), ZSTR_LEN(json.s)) : "";
    const auto reply = rr::ext::call(std::string_view(ZSTR_VAL(method), ZSTR_LEN(method)), body,
                                     rr::goridge::flag::kCodecJson);
    smart_str_free(&json);
    if (!reply) {
        RETURN_THROWS();
    }
    if (reply->empty()) {
        RETURN_NULL();
    }
    if (php_json_decode_ex(return_value, reply->data(), reply->size(), PHP_JSON_OBJECT_AS_ARRAY,
                           PHP_JSON_PARSER_DEFAULT_DEPTH) == FAILURE) {
        zend_throw_exception_ex(rr::ext::rpc_exception_ce, 0, "rr_rpc(%s): the reply is not JSON",
                                ZSTR_VAL(method));
        RETURN_THROWS();
    }
}

PHP_FUNCTION(rr_rpc_connect) {
    zend_string* address = nullptr;
    ZEND_PARSE_PARAMETERS_START(1, 1)
    Z_PARAM_STR(address)
    ZEND_PARSE_PARAMETERS_END();
    try {
        rr::ext::g_conn.emplace(rr::goridge::RpcConnection::connect(ZSTR_VAL(address)));
        rr::ext::g_failed_connect.clear();
    } catch (const rr::goridge::RpcError& e) {
        rr::ext::g_conn.reset();
        rr::ext::g_failed_connect = ZSTR_VAL(address);
        zend_throw_exception(rr::ext::rpc_exception_ce, e.what(), 0);
        RETURN_THROWS();
    }
}

ZEND_METHOD(RR_Rpc, call) {
    zend_string* method = nullptr;
    zend_string* payload = nullptr;
    zend_string* codec = nullptr;
    ZEND_PARSE_PARAMETERS_START(2, 3)
    Z_PARAM_STR(method)
    Z_PARAM_STR(payload)
    Z_PARAM_OPTIONAL
    Z_PARAM_STR(codec)
    ZEND_PARSE_PARAMETERS_END();
    uint8_t flags = rr::goridge::flag::kCodecProto;
    if (codec != nullptr) {
        const std::string_view c(ZSTR_VAL(codec), ZSTR_LEN(codec));
        if (c == "json") {
            flags = rr::goridge::flag::kCodecJson;
        } else if (c == "raw") {
            flags = rr::goridge::flag::kCodecRaw;
        } else if (c != "proto") {
            zend_argument_value_error(3, "must be \"proto\", \"json\" or \"raw\"");
            RETURN_THROWS();
        }
    }
    const auto reply = rr::ext::call(std::string_view(ZSTR_VAL(method), ZSTR_LEN(method)),
                                     std::string_view(ZSTR_VAL(payload), ZSTR_LEN(payload)), flags);
    if (!reply) {
        RETURN_THROWS();
    }
    RETURN_STRINGL(reply->data(), reply->size());
}
