// The server's configuration: RoadRunner's keys and defaults where RR has them, rr-php's own keys
// (documented in the README) where it does not. Built from a YAML tree so that `-o key=value`
// overrides and config files share one path.
#pragma once

#include "server/core/duration.hpp"
#include "server/core/log_config.hpp"

#include <yaml-cpp/yaml.h>

#include "goridge-compat/identity.hpp"
#include <cstdint>

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace rr::config {

// A config value that is not allowed; the message names the key, the value and what is allowed.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// How the pool's workers run. Decided once, by cli::decide_worker_mode() (server/cli/worker_mode.cpp),
// from the config (http.pool.mode, the command, http.classic) and the command line; everything
// else only reads it.
enum class WorkerMode {
    embed,         // forked from the zygote; the script calls rr_handle_request()
    embed_goridge, // forked from the zygote; a stock RoadRunner script speaking goridge on STDIN/STDOUT
    classic,       // forked from the zygote; each request runs its own script (http.classic)
    exec,          // the command runs as its own process, as RoadRunner runs it
};

// Whether the workers take RoadRunner's form tree and context codecs (goridge workers) rather than
// rr_handle_request()'s superglobals.
inline bool speaks_goridge(WorkerMode m) {
    return m == WorkerMode::exec || m == WorkerMode::embed_goridge;
}

struct PoolConfig {
    unsigned num_workers = 0;                             // 0 = one per CPU
    Duration allocate_timeout = std::chrono::seconds(60); // spawn + handshake, and queue wait
    Duration destroy_timeout = std::chrono::seconds(60);  // stop frame, then SIGKILL
    Duration reset_timeout = std::chrono::seconds(60);    // a whole rolling reset
    Duration stream_timeout = std::chrono::seconds(60);   // draining a stream the client left
    // rr-php: how long a request may wait for a free worker (RR uses allocate_timeout for both).
    Duration wait_timeout = std::chrono::seconds(60);
    uint64_t max_jobs = 0;       // a worker is replaced after this many requests (0: never)
    unsigned max_queue_size = 0; // requests waiting beyond this get the overload status at once (0: no limit)
    bool debug = false;          // a fresh worker per request
    unsigned overload_status = 503; // rr-php: 503 + Retry-After, or 500 + No-Workers: true (RR)
    struct Supervisor {
        bool enabled = false;
        Duration watch_tick = std::chrono::seconds(5);
        Duration ttl{0};                // soft: a worker's lifetime
        Duration idle_ttl{0};           // soft: how long a worker that has served may sit idle
        uint64_t max_worker_memory = 0; // soft: MB of private memory (not shared opcache pages)
        Duration exec_ttl{0};           // hard: one request's time; the worker is killed, the client gets 504
    } supervisor;
    struct DynamicAllocator {
        bool enabled = false;
        unsigned max_workers = 10;                       // extra workers at most
        unsigned spawn_rate = 5;                         // started at once when requests wait
        Duration idle_timeout = std::chrono::minutes(1); // an extra worker idle this long leaves
    } dynamic_allocator;
    bool prefetch = true;      // rr-php: offer waiting jobs to busy workers (goridge-compat/offer_slot.hpp)
    bool cpu_affinity = false; // rr-php (http.pool): each embedded worker pinned to one CPU, spread evenly
    std::vector<std::string> command; // the pool's own command (else server.command)
    std::string mode; // rr-php: "embed", "exec" or "" (decided from the command), as configured
    WorkerMode worker_mode = WorkerMode::embed; // the decision (see WorkerMode)
    std::string codec = "json"; // rr-php: the request context for exec'd workers: json or proto
    // rr-php, http.pool.dispatch: "master" (the master serves HTTP and hands requests to workers) or
    // "direct" (each embedded worker accepts on the shared listener and serves HTTP/1.1 itself).
    std::string dispatch = "master";
};

struct OnInitConfig {
    std::vector<std::string> command; // empty: no on_init
    Duration exec_timeout = std::chrono::seconds(60);
    bool exit_on_error = false;
    std::map<std::string, std::string> env;
};

struct ServerConfig {
    std::vector<std::string> command;
    std::map<std::string, std::string> env; // keys upper-cased, as RR does
    std::string relay = "pipes";
    OnInitConfig on_init;
    // server.user / server.group: who the workers run as when rr-php runs as root (resolved by the
    // command line into `identity`; unset when rr-php is not root).
    std::string user;
    std::string group;
    std::optional<Identity> identity;
};

// RR's status plugin: /health, /ready and /jobs on their own address.
struct StatusConfig {
    bool enabled = false; // the config has a status section
    std::string address;  // host:port (required)
    unsigned unavailable_status_code = 503;
    Duration check_timeout =
        std::chrono::seconds(60); // RR: integer seconds; the status server's read timeout
};

// One named storage of RR's kv plugin (kv.<name>: driver + config). The keys of every driver live
// here; each driver reads its own.
struct KvStorageConfig {
    std::string driver;                  // memory, boltdb, redis, memcached
    uint64_t max_value_size = 16u << 20; // rr-php: larger values are refused (config.max_value_size)
    // boltdb
    std::string file = "rr.db";
    unsigned permissions = 0755;
    std::string bucket = "rr";
    Duration interval = std::chrono::seconds(60); // the sweep of expired keys
    // redis
    std::vector<std::string> addrs{"127.0.0.1:6379"};
    std::string username;
    std::string password;
    unsigned db = 0;
    std::string master_name; // Sentinel
    std::string sentinel_password;
    Duration dial_timeout = std::chrono::seconds(5);
    Duration read_timeout = std::chrono::seconds(3);
    // memcached
    std::vector<std::string> addr{"127.0.0.1:11211"};

    bool operator==(const KvStorageConfig&) const = default;
};

// A jobs pipeline (jobs.pipelines.<name>: driver + config).
struct JobsPipelineConfig {
    std::string driver;    // memory, boltdb
    int64_t priority = 10; // jobs pushed with priority 0 get this one
    uint64_t prefetch =
        0; // jobs taken from the queue but not yet answered, at most (0: the driver's default)
    std::string file = "rr.db";                         // boltdb
    unsigned permissions = 0755;                        // boltdb
    std::string tube = "default";                       // beanstalk
    uint64_t tube_priority = 1;                         // beanstalk: its own priority of every put
    Duration reserve_timeout = std::chrono::seconds(5); // beanstalk: one reserve waits this long
    std::string subject = "default";                    // nats
    std::string stream = "default-stream";              // nats
    bool deliver_new = false;                           // nats: only jobs published after the consumer exists
    std::string queue = "default";                      // amqp
    std::string exchange = "amqp.default";              // amqp
    std::string exchange_type = "direct";               // amqp
    std::string routing_key;                            // amqp
    bool durable = false;                               // amqp: the queue survives a broker restart
    bool exchange_durable = false;                      // amqp

    bool operator==(const JobsPipelineConfig&) const = default;
};

struct PhpCommand {
    std::string script;
    std::vector<std::pair<std::string, std::string>> ini;
};

// RR's jobs plugin: pipelines (queues) consumed by their own pool of goridge workers (RR_MODE=jobs).
struct JobsConfig {
    bool enabled = false;
    Duration timeout = std::chrono::seconds(60); // a push, pause, resume or destroy, at most
    uint64_t pipeline_size = 1000000;            // jobs waiting in one memory pipeline, at most
    PoolConfig pool; // jobs.pool (its command: jobs.pool.command or server.command)
    // jobs.pool.mode: embed runs the consumer script in workers forked from a zygote of their own
    // (a php command's script and -d entries); "" or exec runs the command as it is.
    std::string pool_mode;
    PhpCommand embed;                 // the consumer script and -d entries, when pool_mode is embed
    std::vector<std::string> consume; // pipelines consumed from the start
    std::map<std::string, JobsPipelineConfig> pipelines;
    // RR's top-level `beanstalk` section: the server every beanstalk pipeline uses.
    std::string beanstalk_addr = "tcp://127.0.0.1:11300";
    Duration beanstalk_timeout = std::chrono::seconds(30); // connecting, and one command's answer
    // RR's top-level `nats` section.
    std::string nats_addr = "nats://127.0.0.1:4222";
    // RR's top-level `amqp` section.
    std::string amqp_addr = "amqp://guest:guest@127.0.0.1:5672/";
    Duration nats_timeout = std::chrono::seconds(10); // connecting
};

// An application metric declared in config (metrics.collect.<name>).
struct MetricCollectorConfig {
    std::string type = "counter"; // counter, gauge, histogram, summary
    std::string help;
    std::string namespace_;
    std::string subsystem;
    std::vector<std::string> labels;
    std::vector<double> buckets;
    std::vector<std::pair<double, double>> objectives; // summary: quantile -> error

    bool operator==(const MetricCollectorConfig&) const = default;
};

// RR's metrics plugin: a Prometheus endpoint at address/metrics.
struct MetricsConfig {
    bool enabled = false; // the config has a metrics section
    std::string address = "127.0.0.1:2112";
    std::map<std::string, MetricCollectorConfig> collect;

    bool operator==(const MetricsConfig&) const = default;
};

struct RpcConfig {
    bool enabled = false; // as in RR: only when the config has an rpc section
    std::string listen = "tcp://127.0.0.1:6001";
};

using LogConfig = log::LogConfig;
using LogsConfig = log::LogsConfig;

// RR's http.ssl: a TLS listener beside (or instead of) the plain one.
struct SslConfig {
    bool enabled = false;                  // the config has an http.ssl section
    std::string address = "127.0.0.1:443"; // RR's default in code
    bool redirect = false;                 // plain HTTP answers 308 to the https address
    std::string cert;                      // PEM certificate chain (leaf first)
    std::string key;                       // PEM private key
    std::string root_ca;                   // PEM CAs that client certificates must chain to
    // no_client_certs, request_client_cert, require_any_client_cert, verify_client_cert_if_given,
    // require_and_verify_client_cert (Go's tls.ClientAuthType names, as RR).
    std::string client_auth_type = "no_client_certs";
    // rr-php: how long a client may take for its TLS handshake.
    Duration handshake_timeout = std::chrono::seconds(10);
};

// RR's http.http2: HTTP/2 is offered over TLS (ALPN h2) always; cleartext h2 only with h2c.
struct Http2Config {
    bool h2c = false;                      // cleartext HTTP/2: prior knowledge and Upgrade: h2c
    unsigned max_concurrent_streams = 128; // per connection
};

// RR's http.fcgi: a FastCGI responder for a web server in front (nginx's fastcgi_pass).
struct FcgiConfig {
    bool enabled = false;
    std::string address; // host:port (RR's "tcp://host:port" is accepted)
};

struct HttpConfig {
    std::string address = "127.0.0.1:8080"; // "" (with http.ssl or http.fcgi): no plain HTTP listener
    SslConfig ssl;
    Http2Config http2;
    FcgiConfig fcgi;
    uint64_t max_request_size = 1000ull << 20; // bytes (RR: MB, default 1000)
    // rr-php keys
    uint64_t max_header_size = 64u << 10;
    Duration read_header_timeout = std::chrono::seconds(30);
    Duration read_timeout = std::chrono::seconds(60);
    Duration write_timeout = std::chrono::seconds(60);
    Duration idle_timeout = std::chrono::seconds(75);
    unsigned max_connections = 10000;
    bool access_logs = false;
    bool record_stats = false;           // not a key: this listener's requests count on the dashboard
    unsigned internal_error_code = 500;  // RR: the status of a request its worker failed
    std::vector<std::string> middleware; // RR names; rr-php implements proxy_ip_parser and headers so far
    // headers middleware: added to every request going to PHP / every response from PHP.
    std::vector<std::pair<std::string, std::string>> request_headers;
    std::vector<std::pair<std::string, std::string>> response_headers;
    std::vector<std::string> trusted_subnets = {
        "10.0.0.0/8", "127.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "::1/128", "fc00::/7", "fe80::/10"};
    // rr-php: symbolic links in the static dir and the classic root, as nginx's disable_symlinks:
    // off (follow), on, if_not_owner, outside_root.
    std::string disable_symlinks = "off";
    // RR (newer proxy_ip_parser): the forwarding headers believed, in order; empty = all, default order.
    std::vector<std::string> trusted_headers;
    bool raw_body = false; // RR: exec'd workers get form bodies unparsed, no uploads
    // rr-php: how much of a response the master holds for a slow client, so the worker is free.
    struct ResponseBuffer {
        std::size_t memory = 256u << 10;        // per response, in memory
        uint64_t temp_file = uint64_t{1} << 30; // per response, then in a temp file (uploads.dir)
    } response_buffer;
    struct Uploads {
        std::string dir;                 // temp files of uploads ("" = $TMPDIR or /tmp)
        std::vector<std::string> forbid; // extensions, e.g. .php
        std::vector<std::string> allow;  // extensions; empty = all
    } uploads;
    // static middleware (RR keys). `enabled` when http.middleware lists "static".
    struct Static {
        bool enabled = false;
        std::string dir = ".";
        std::vector<std::string> forbid; // extensions (".php"): such files go to PHP instead
        std::vector<std::string> allow;  // extensions; empty = all
        bool calculate_etag = false;
        bool weak = false;
        std::vector<std::pair<std::string, std::string>> request;  // RR: headers added to the request
        std::vector<std::pair<std::string, std::string>> response; // headers on files served
    } statics;
    // gzip middleware (rr-php keys: RR's has none). br and zstd are offered too when accepted.
    struct Gzip {
        bool enabled = false;
        uint64_t min_size = 1400;                                    // smaller bodies go out uncompressed
        std::vector<std::string> encodings = {"zstd", "br", "gzip"}; // preference on equal q-values
    } gzip;
    // headers.cors (RR keys; comma-separated lists as in RR).
    struct Cors {
        bool enabled = false; // http.headers.cors present and `headers` listed in http.middleware
        std::string allowed_origin;
        std::string allowed_origin_regex;
        std::string allowed_headers;
        std::string allowed_methods;
        std::string exposed_headers;
        bool allow_credentials = false;
        bool debug = false; // log why a CORS request was refused
        unsigned max_age = 0;
        unsigned options_success_status = 200;
    } cors;
    bool sendfile = false; // sendfile middleware: X-Sendfile responses
    // Classic mode (rr-php): a php-fpm-like full PHP request per HTTP request under a document root.
    struct Classic {
        bool enabled = false;
        std::string root;                // document root (absolute once loaded)
        std::string index = "index.php"; // front controller, relative to root; "" = 404 when no file matches
        bool run_any_php = true;         // false: only the front controller runs
        // rr-php: like php-fpm's clear_env, scripts see only server.env and these variables of
        // rr-php's own environment (names), in $_SERVER and getenv().
        std::vector<std::string> pass_env;
    } classic;
    PoolConfig pool;
};

// RoadRunner's `reload` section (a file watcher for development), or `serve --watch`: a changed
// file restarts the workers as SIGHUP does.
struct ReloadConfig {
    bool enabled = false;
    Duration interval = std::chrono::seconds(1); // quiet time after the last change before the restart
    std::vector<std::string> patterns = {".php"};
    struct Plugin {
        std::vector<std::string> dirs = {"."};
        std::vector<std::string> patterns; // empty: reload.patterns
        std::vector<std::string> ignore;   // directory names or paths
        bool recursive = true;
        bool operator==(const Plugin&) const = default;
    };
    std::map<std::string, Plugin> plugins; // by plugin name (http); none given: http with the defaults
    bool operator==(const ReloadConfig&) const = default;
};

// rr-php's live dashboard (off unless dashboard.address is set).
struct DashboardConfig {
    bool enabled = false;
    std::string address; // host:port
    std::string token;   // allows the reset button; empty: reset refused
    bool operator==(const DashboardConfig&) const = default;
};

struct Config {
    // The embed worker script: the `serve` argument, or the script of the pool's php command
    // (relative to the working directory until the CLI resolves it).
    std::string script;
    HttpConfig http;
    ServerConfig server;
    RpcConfig rpc;
    StatusConfig status;
    std::map<std::string, KvStorageConfig> kv;
    MetricsConfig metrics;
    JobsConfig jobs;
    LogsConfig logs;
    ReloadConfig reload;
    DashboardConfig dashboard;
    std::vector<std::pair<std::string, std::string>> php_ini; // -d key=value, and -d in a php command
    std::string log_level = "info";                           // logs.level (kept for the base logger)
    Duration grace_period = std::chrono::seconds(30);
    YAML::Node tree; // the whole config as read (rpc.Config)
};

// What an embed pool runs, read off a command such as `php -d memory_limit=1G worker.php`.

// Throws ConfigError naming `key` when the command is not `php [-d k=v ...] SCRIPT [args]`.
PhpCommand parse_php_command(const std::string& key, const std::vector<std::string>& command);
// Splits on spaces, tabs and newlines (a command string, `-o include="a.yaml b.yaml"`).
std::vector<std::string> split_words(const std::string& s);

// True when argv[0] is a PHP CLI binary (php, php8.2, /usr/bin/php, ...).
bool is_php_binary(const std::string& argv0);

// Sets `dotted.key` in the tree to a string value (what `-o key=value` does).
void set_value(YAML::Node& root, const std::string& dotted_key, const std::string& value);
// Parses "key=value" and applies it; throws ConfigError when malformed.
void apply_override(YAML::Node& root, const std::string& assignment);

// Reads every key rr-php implements from the tree; throws ConfigError on the first bad value.
Config load(const YAML::Node& root);

// Splits "host:port" / "[v6]:port"; throws ConfigError naming `key`.
std::pair<std::string, uint16_t> parse_address(const std::string& key, const std::string& value);

} // namespace rr::config
