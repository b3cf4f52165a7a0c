// What the master tells the zygote and its workers: the server fills it in, sapi/zygote.cpp reads it
// in the zygote process. Plain C++ (no PHP, no I/O).
#pragma once

#include "goridge-compat/classic_route.hpp"
#include "goridge-compat/form_job.hpp"
#include "goridge-compat/identity.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

struct ssl_ctx_st; // OpenSSL's SSL_CTX

namespace rr::zygote {

struct PhpOptions {
    // `-d key=value` entries, applied after php.ini (like php-cli's -d).
    std::vector<std::pair<std::string, std::string>> ini;
};

// http.pool.dispatch: direct: the HTTP limits a worker applies itself when it serves its own
// connections (the master's defaults and keys: http.max_request_size, ...).
struct DirectOptions {
    std::size_t max_header_bytes = 64 * 1024;
    uint64_t max_body_bytes = 1000ull << 20;
    int idle_timeout_ms = 60000;        // a keep-alive connection with no request
    int read_header_timeout_ms = 60000; // from a request's first byte to the end of its headers
    int read_timeout_ms = 60000;        // between reads of a body
    int write_timeout_ms = 60000;       // without progress writing a response
    uint64_t max_jobs = 0;              // the worker leaves after this many requests (0: never)
    // http.ssl: the context of the worker's HTTPS connections. The master builds it from the
    // certificate and key before it forks the zygote, so every worker inherits it (the key is read
    // once, by the master's user, and session tickets made by one worker resume on another); a
    // reload forks a new zygote with the context it loaded. Null: no HTTPS listener.
    ssl_ctx_st* tls_context = nullptr;
    int tls_handshake_timeout_ms = 60000;
    uint32_t h2_max_concurrent_streams = 128; // HTTP/2 (ALPN h2 on the HTTPS listener)
    // A stock RoadRunner script (WorkerOptions::stdio_channel) fed by the worker itself
    // (sapi/stdio_relay.hpp): the context's codec (http.pool.codec: proto), RoadRunner's form
    // handling, and the status of a soft error (http.internal_error_code).
    bool proto_context = false;
    goridge::FormOptions forms;
    int internal_error_code = 500;
    // Classic mode: the worker routes each request below the document root itself (scripts it runs,
    // static files and the server's own answers it sends), as the master's router does.
    struct Classic {
        bool enabled = false;
        std::string root;
        http::ClassicRules rules;
        http::PathResolver::Symlinks symlinks = http::PathResolver::Symlinks::off;
    } classic;
};

struct WorkerOptions {
    std::string script; // absolute path of the worker script
    // The script speaks goridge itself (a stock RoadRunner worker): STDIN and STDOUT are its channel.
    // Otherwise STDOUT goes to the log and STDIN reads nothing.
    bool stdio_channel = false;
    // http.uploads.forbid / allow: extensions (".php") of uploads PHP rejects with UPLOAD_ERR_EXTENSION.
    std::vector<std::string> upload_forbid;
    std::vector<std::string> upload_allow;
    // Classic mode: each request runs its own script (given with the request) in a full PHP
    // request, as php-fpm does; `script` is only the front controller then.
    bool classic = false;
    // Classic mode: the environment variables scripts may see (php-fpm's clear_env); all others are
    // removed from the worker's environment.
    std::vector<std::string> classic_env;
    // server.user / server.group: the worker switches to it right after the fork.
    std::optional<Identity> identity;
    // Used when the worker is given the HTTP listener (http.pool.dispatch: direct).
    DirectOptions direct;
    // http.pool.cpu_affinity: each worker pinned to one CPU, spread evenly (sapi/cpu_spread.hpp).
    bool cpu_affinity = false;
    // Set in each worker's environment (RR_MODE=jobs for embedded jobs consumers).
    std::vector<std::pair<std::string, std::string>> env;
};

struct Options {
    PhpOptions php;
    WorkerOptions worker;
    pid_t master_pid = 0;
};

} // namespace rr::zygote
