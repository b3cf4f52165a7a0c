#include "loader.hpp"

#include "config.hpp"
#include "env.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>

namespace rr::config {
namespace fs = std::filesystem;
namespace {

std::string absolute_from(const std::string& base, const std::string& path) {
    if (path.empty() || path.front() == '/') {
        return path;
    }
    return (fs::path(base) / path).lexically_normal().string();
}

YAML::Node parse_file(const std::string& path, const std::string& what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw ConfigError(fmt::format("{} '{}' cannot be read: {}", what, path, std::strerror(errno)));
    }
    try {
        YAML::Node n = YAML::Load(in);
        if (n.IsNull()) {
            return YAML::Node(YAML::NodeType::Map);
        }
        if (!n.IsMap()) {
            throw ConfigError(fmt::format(
                "{} '{}' must be a YAML mapping of sections (version, server, http, ...)", what, path));
        }
        return n;
    } catch (const YAML::Exception& e) {
        throw ConfigError(fmt::format("{} '{}' is not valid YAML: line {}, column {}: {}", what, path,
                                      e.mark.line + 1, e.mark.column + 1, e.msg));
    }
}

// `include:` is a list of files, or one string of space-separated files (`-o include="a b"`).
std::vector<std::string> include_list(const YAML::Node& n) {
    std::vector<std::string> files;
    if (!n.IsDefined() || n.IsNull()) {
        return files;
    }
    if (n.IsScalar()) {
        files = split_words(n.Scalar());
    } else if (n.IsSequence()) {
        for (const auto& e : n) {
            if (!e.IsScalar()) {
                throw ConfigError("include: must be a list of file names");
            }
            files.push_back(e.Scalar());
        }
    } else {
        throw ConfigError("include: must be a list of file names");
    }
    return files;
}

// The sections and keys rr-php reads. "x.*" accepts anything under x.
constexpr std::array kSupported = {
    "version",
    "include",
    "envfile",
    "server.command",
    "server.env.*",
    "server.relay",
    "server.user",
    "server.group",
    "server.on_init.command",
    "server.on_init.exec_timeout",
    "server.on_init.exit_on_error",
    "server.on_init.env.*",
    "http.address",
    "http.ssl.address",
    "http.ssl.redirect",
    "http.ssl.cert",
    "http.ssl.key",
    "http.ssl.root_ca",
    "http.ssl.client_auth_type",
    "http.ssl.handshake_timeout",
    "http.http2.h2c",
    "http.fcgi.address",
    "http.http2.max_concurrent_streams",
    "http.max_request_size",
    "http.access_logs",
    "http.raw_body",
    "http.middleware",
    "http.headers.request.*",
    "http.headers.response.*",
    "http.trusted_subnets",
    "http.trusted_headers",
    "http.disable_symlinks",
    "http.classic.pass_env",
    "http.response_buffer",
    "http.internal_error_code",
    "http.uploads.dir",
    "http.static.dir",
    "http.static.forbid",
    "http.static.allow",
    "http.static.calculate_etag",
    "http.static.weak",
    "http.static.request.*",
    "http.static.response.*",
    "http.gzip.min_size",
    "http.gzip.encodings",
    "http.headers.cors.allowed_origin",
    "http.headers.cors.allowed_origin_regex",
    "http.headers.cors.allowed_headers",
    "http.headers.cors.allowed_methods",
    "http.headers.cors.exposed_headers",
    "http.headers.cors.allow_credentials",
    "http.headers.cors.max_age",
    "http.headers.cors.options_success_status",
    "http.headers.cors.debug",
    "http.classic.root",
    "http.classic.index",
    "http.classic.run_any_php",
    "http.uploads.forbid",
    "http.uploads.allow",
    "http.max_header_size",
    "http.read_header_timeout",
    "http.read_timeout",
    "http.write_timeout",
    "http.idle_timeout",
    "http.max_connections",
    "http.pool.num_workers",
    "http.pool.allocate_timeout",
    "http.pool.destroy_timeout",
    "http.pool.reset_timeout",
    "http.pool.prefetch",
    "http.pool.cpu_affinity",
    "http.pool.command",
    "http.pool.mode",
    "http.pool.codec",
    "http.pool.dispatch",
    "http.pool.stream_timeout",
    "http.pool.wait_timeout",
    "http.pool.max_jobs",
    "http.pool.max_queue_size",
    "http.pool.debug",
    "http.pool.overload_status",
    "http.pool.supervisor.watch_tick",
    "http.pool.supervisor.ttl",
    "http.pool.supervisor.idle_ttl",
    "http.pool.supervisor.max_worker_memory",
    "http.pool.supervisor.exec_ttl",
    "http.pool.dynamic_allocator.max_workers",
    "http.pool.dynamic_allocator.spawn_rate",
    "http.pool.dynamic_allocator.idle_timeout",
    "rpc.listen",
    "status.address",
    "status.unavailable_status_code",
    "status.check_timeout",
    "kv.*.driver",
    "kv.*.config.max_value_size",
    "kv.*.config.file",
    "kv.*.config.permissions",
    "kv.*.config.bucket",
    "kv.*.config.interval",
    "kv.*.config.addrs",
    "kv.*.config.username",
    "kv.*.config.password",
    "kv.*.config.db",
    "kv.*.config.master_name",
    "kv.*.config.sentinel_password",
    "kv.*.config.dial_timeout",
    "kv.*.config.read_timeout",
    "kv.*.config.addr",
    "jobs.timeout",
    "jobs.pipeline_size",
    "jobs.num_pollers",
    "jobs.consume",
    "jobs.pool.*",
    "jobs.pipelines.*.driver",
    "jobs.pipelines.*.priority",
    "jobs.pipelines.*.config.priority",
    "jobs.pipelines.*.config.prefetch",
    "jobs.pipelines.*.config.file",
    "jobs.pipelines.*.config.permissions",
    "jobs.pipelines.*.config.tube",
    "jobs.pipelines.*.config.tube_priority",
    "jobs.pipelines.*.config.reserve_timeout",
    "jobs.pipelines.*.config.subject",
    "jobs.pipelines.*.config.stream",
    "jobs.pipelines.*.config.deliver_new",
    "nats.addr",
    "jobs.pipelines.*.config.queue",
    "jobs.pipelines.*.config.exchange",
    "jobs.pipelines.*.config.exchange_type",
    "jobs.pipelines.*.config.routing_key",
    "jobs.pipelines.*.config.durable",
    "jobs.pipelines.*.config.exchange_durable",
    "amqp.addr",
    "beanstalk.addr",
    "beanstalk.timeout",
    "metrics.address",
    "metrics.collect.*.type",
    "metrics.collect.*.help",
    "metrics.collect.*.namespace",
    "metrics.collect.*.subsystem",
    "metrics.collect.*.labels",
    "metrics.collect.*.buckets",
    "metrics.collect.*.objectives",
    "lock",
    "logs.mode",
    "logs.level",
    "logs.encoding",
    "logs.output",
    "logs.err_output",
    "logs.file_logger_options.log_output",
    "logs.file_logger_options.max_size",
    "logs.file_logger_options.max_backups",
    "logs.file_logger_options.max_age",
    "logs.file_logger_options.compress",
    "logs.line_ending",
    "logs.channels.*",
    "endure.grace_period",
    "dashboard.address",
    "dashboard.token",
    "reload.interval",
    "reload.patterns",
    "reload.services.*.dirs",
    "reload.services.*.patterns",
    "reload.services.*.ignore",
    "reload.services.*.recursive",
    "reload.plugins.*.dirs",
    "reload.plugins.*.patterns",
    "reload.plugins.*.ignore",
    "reload.plugins.*.recursive",
    "endure.log_level",
    "endure.print_graph",
};

// RoadRunner sections rr-php does not offer yet (a clearer warning than "unknown").
constexpr std::array kNotYet = {
    "service",    "tcp",    "grpc",      "fileserver",      "otel",        "temporal",
    "centrifuge", "redis",  "amqp",      "beanstalk",       "boltdb",      "kafka",
    "nats",       "sqs",    "memcached", "websockets",      "broadcast",   "gzip",
    "headers",    "static", "sendfile",  "proxy_ip_parser", "http_metrics"};

// `pattern` is a dotted key whose `*` segments stand for any one name; a trailing `.*` for
// anything below. With `prefix`, whether the pattern reaches below `path` instead.
bool matches(std::string_view pattern, std::string_view path, bool prefix) {
    while (true) {
        if (pattern == "*" && !prefix) {
            return true; // a trailing .*: anything below
        }
        const auto pd = pattern.find('.');
        const auto qd = path.find('.');
        const std::string_view pseg = pattern.substr(0, pd);
        const std::string_view qseg = path.substr(0, qd);
        if (pseg != "*" && pseg != qseg) {
            return false;
        }
        if (qd == std::string_view::npos) {
            return prefix ? pd != std::string_view::npos : pd == std::string_view::npos;
        }
        if (pd == std::string_view::npos) {
            return false;
        }
        pattern.remove_prefix(pd + 1);
        path.remove_prefix(qd + 1);
    }
}

bool supported(const std::string& path) {
    for (std::string_view s : kSupported) {
        if (matches(s, path, false)) {
            return true;
        }
    }
    return false;
}

bool has_supported_below(const std::string& prefix) {
    for (std::string_view s : kSupported) {
        if (matches(s, prefix, true)) {
            return true;
        }
    }
    return false;
}

void walk_unsupported(const YAML::Node& n, const std::string& path, std::vector<std::string>& out) {
    if (supported(path)) {
        return;
    }
    if (n.IsMap() && has_supported_below(path)) {
        for (const auto& kv : n) {
            walk_unsupported(kv.second, path + "." + kv.first.Scalar(), out);
        }
        return;
    }
    out.push_back(fmt::format("{}: not supported by rr-php yet; ignored", path));
}

} // namespace

void check_version(const YAML::Node& root, const std::string& origin) {
    const YAML::Node v = root["version"];
    if (!v.IsDefined() || v.IsNull()) {
        throw ConfigError(
            fmt::format("{}: 'version' is missing: RoadRunner configs start with version: '3'", origin));
    }
    if (!v.IsScalar()) {
        throw ConfigError(fmt::format("{}: version: must be the string '3'", origin));
    }
    const std::string& s = v.Scalar();
    if (s.starts_with("2")) {
        throw ConfigError(
            fmt::format("{}: version: '{}' is a RoadRunner 2.x config; rr-php reads version '3' configs: "
                        "upgrade it as RoadRunner's v2.x→v3 migration guide describes, then set version: '3'",
                        origin, s));
    }
    if (s != "3") {
        throw ConfigError(fmt::format("{}: version: '{}' is not supported: expected '3'", origin, s));
    }
    if (v.Tag() != "!") {
        throw ConfigError(fmt::format(
            "{}: version: 3 is a number; RoadRunner requires a string: write version: '3'", origin));
    }
}

void expand_tree(YAML::Node node, const std::string& path) {
    if (node.IsMap()) {
        for (auto kv : node) {
            const std::string child = path.empty() ? kv.first.Scalar() : path + "." + kv.first.Scalar();
            if (kv.second.IsScalar()) {
                const std::string& s = kv.second.Scalar();
                if (s.find('$') != std::string::npos) {
                    const std::string tag = kv.second.Tag();
                    kv.second = expand_env(child, s);
                    kv.second.SetTag(tag);
                }
            } else {
                expand_tree(kv.second, child);
            }
        }
    } else if (node.IsSequence()) {
        for (std::size_t i = 0; i < node.size(); ++i) {
            YAML::Node e = node[i];
            if (e.IsScalar()) {
                if (e.Scalar().find('$') != std::string::npos) {
                    node[i] = expand_env(fmt::format("{}[{}]", path, i), e.Scalar());
                }
            } else {
                expand_tree(e, fmt::format("{}[{}]", path, i));
            }
        }
    }
}

void merge_tree(YAML::Node into, const YAML::Node& from) {
    for (const auto& kv : from) {
        const std::string key = kv.first.Scalar();
        YAML::Node existing = into[key];
        if (kv.second.IsMap() && existing.IsDefined() && existing.IsMap()) {
            merge_tree(existing, kv.second);
        } else {
            into[key] = YAML::Clone(kv.second);
        }
    }
}

std::vector<std::string> unsupported_keys(const YAML::Node& root) {
    std::vector<std::string> out;
    for (const auto& kv : root) {
        const std::string name = kv.first.Scalar();
        if (std::find(kNotYet.begin(), kNotYet.end(), std::string_view(name)) != kNotYet.end()) {
            out.push_back(fmt::format("section '{}' is not supported by rr-php yet; ignored", name));
        } else if (!supported(name) && !has_supported_below(name)) {
            out.push_back(fmt::format("unknown section '{}'; ignored", name));
        } else {
            walk_unsupported(kv.second, name, out);
        }
    }
    return out;
}

Tree read_tree(const Sources& src) {
    if (!src.dotenv.empty()) {
        load_dotenv(src.dotenv, "--dotenv");
    }
    Tree t;
    if (src.config_file.empty()) {
        t.root = YAML::Node(YAML::NodeType::Map);
    } else {
        t.root = parse_file(src.config_file, "config file");
        check_version(t.root, src.config_file);
        const YAML::Node envfile = t.root["envfile"];
        if (envfile.IsDefined() && !envfile.IsNull()) {
            if (!envfile.IsScalar()) {
                throw ConfigError("envfile: must be a file name, e.g. envfile: .env");
            }
            const std::string dir = fs::path(src.config_file).parent_path().string();
            load_dotenv(absolute_from(dir, expand_env("envfile", envfile.Scalar())), "envfile");
        }
    }
    // `-o include=...` may name the includes too; the other overrides go on last.
    std::vector<std::string> overrides;
    for (const auto& o : src.overrides) {
        if (o.starts_with("include=")) {
            apply_override(t.root, expand_env("-o", o));
        } else {
            overrides.push_back(o);
        }
    }
    for (const auto& file : include_list(t.root["include"])) {
        const std::string path = absolute_from(src.workdir, expand_env("include", file));
        YAML::Node inc = parse_file(path, "included file");
        check_version(inc, path);
        merge_tree(t.root, inc);
    }
    expand_tree(t.root, "");
    for (const auto& o : overrides) {
        apply_override(t.root, expand_env("-o", o));
    }
    t.warnings = unsupported_keys(t.root);
    return t;
}

} // namespace rr::config
