#include "config.hpp"

#include "goridge-compat/text.hpp"

#include "server/core/subnets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <re2/re2.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rr::config {
namespace {

std::vector<std::string> split_key(const std::string& key) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const auto dot = key.find('.', start);
        parts.push_back(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos) {
            break;
        }
        start = dot + 1;
    }
    return parts;
}

void set_path(YAML::Node node, const std::vector<std::string>& parts, std::size_t i,
              const std::string& value) {
    if (i + 1 == parts.size()) {
        node[parts[i]] = value;
        return;
    }
    YAML::Node child = node[parts[i]];
    if (child.IsDefined() && !child.IsMap() && !child.IsNull()) {
        throw ConfigError(
            fmt::format("cannot set '{}' inside '{}': it is not a section", parts[i + 1], parts[i]));
    }
    set_path(child, parts, i + 1, value);
}

// Looks a dotted key up without creating anything.
YAML::Node find(const YAML::Node& root, const std::string& key) {
    YAML::Node cur = YAML::Clone(root);
    std::string path;
    for (const auto& part : split_key(key)) {
        if (cur.IsNull()) {
            return YAML::Node(YAML::NodeType::Undefined);
        }
        if (!cur.IsMap()) {
            throw ConfigError(fmt::format("{}: must be a section of keys, got a {}", path,
                                          cur.IsSequence() ? "list" : "value"));
        }
        path += (path.empty() ? "" : ".") + part;
        YAML::Node next = cur[part];
        if (!next.IsDefined()) {
            return YAML::Node(YAML::NodeType::Undefined);
        }
        cur.reset(next);
    }
    return cur;
}

std::string scalar(const YAML::Node& n, const std::string& key, const char* allowed) {
    if (!n.IsScalar()) {
        throw ConfigError(
            fmt::format("{}: must be {}, got a {}", key, allowed, n.IsMap() ? "section" : "list"));
    }
    return n.Scalar();
}

class Reader {
public:
    explicit Reader(const YAML::Node& root) : root_(root) {}

    void string(const std::string& key, std::string& out) const {
        const YAML::Node n = find(root_, key);
        if (n.IsDefined() && !n.IsNull()) {
            out = scalar(n, key, "a string");
        }
    }

    template <typename T> void uint(const std::string& key, T& out, uint64_t max) const {
        const YAML::Node n = find(root_, key);
        if (!n.IsDefined() || n.IsNull()) {
            return;
        }
        const std::string s = scalar(n, key, "a whole number");
        uint64_t v = 0;
        const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || p != s.data() + s.size() || v > max) {
            throw ConfigError(
                fmt::format("{}: '{}' is not allowed: expected a whole number from 0 to {}", key, s, max));
        }
        out = static_cast<T>(v);
    }

    void boolean(const std::string& key, bool& out) const {
        const YAML::Node n = find(root_, key);
        if (!n.IsDefined() || n.IsNull()) {
            return;
        }
        const std::string s = scalar(n, key, "true or false");
        if (s == "true" || s == "1" || s == "yes" || s == "on") {
            out = true;
        } else if (s == "false" || s == "0" || s == "no" || s == "off") {
            out = false;
        } else {
            throw ConfigError(fmt::format("{}: '{}' is not allowed: expected true or false", key, s));
        }
    }

    void duration(const std::string& key, Duration& out) const {
        const YAML::Node n = find(root_, key);
        if (!n.IsDefined() || n.IsNull()) {
            return;
        }
        const std::string s = scalar(n, key, "a duration");
        const auto d = parse_duration(s);
        if (!d) {
            throw ConfigError(fmt::format(
                "{}: '{}' is not a duration: write a number with a unit, e.g. 500ms, 30s, 5m, 1h", key, s));
        }
        out = *d;
    }

    // An integer number of seconds (as RR types some timeouts), or a duration.
    void seconds(const std::string& key, Duration& out) const {
        const YAML::Node n = find(root_, key);
        if (!n.IsDefined() || n.IsNull()) {
            return;
        }
        const std::string s = scalar(n, key, "a number of seconds");
        if (!s.empty() && s.size() < 7 && s.find_first_not_of("0123456789") == std::string::npos) {
            out = std::chrono::seconds(std::stoul(s));
            return;
        }
        duration(key, out);
    }

    void size(const std::string& key, uint64_t& out) const {
        const YAML::Node n = find(root_, key);
        if (!n.IsDefined() || n.IsNull()) {
            return;
        }
        const std::string s = scalar(n, key, "a size");
        const auto v = parse_size(s);
        if (!v || *v == 0) {
            throw ConfigError(fmt::format("{}: '{}' is not a size: write e.g. 8KB, 64KB, 1MB", key, s));
        }
        out = *v;
    }

    // A command: a string split on whitespace, or a list of arguments.
    void command(const std::string& key, std::vector<std::string>& out) const {
        const YAML::Node n = find(root_, key);
        if (!n.IsDefined() || n.IsNull()) {
            return;
        }
        std::vector<std::string> args;
        if (n.IsScalar()) {
            args = split_words(n.Scalar());
        } else if (n.IsSequence()) {
            for (const auto& e : n) {
                if (!e.IsScalar()) {
                    throw ConfigError(fmt::format("{}: must be a string or a list of strings", key));
                }
                args.push_back(e.Scalar());
            }
        } else {
            throw ConfigError(fmt::format("{}: must be a string or a list of strings, got a section", key));
        }
        if (args.empty() || args[0].empty()) {
            throw ConfigError(
                fmt::format("{}: command should not be empty: e.g. command: php worker.php", key));
        }
        out = std::move(args);
    }

    void strings(const std::string& key, std::vector<std::string>& out) const {
        const YAML::Node n = find(root_, key);
        if (!n.IsDefined() || n.IsNull()) {
            return;
        }
        out.clear();
        // -o key=[a,b] gives a scalar that reads as a YAML list.
        YAML::Node list = n;
        // ("[::1]:6379" is an address, not a list.)
        if (n.IsScalar() && n.Scalar().starts_with('[') && n.Scalar().ends_with(']')) {
            try {
                list = YAML::Load(n.Scalar());
            } catch (const YAML::Exception&) {
                throw ConfigError(fmt::format("{}: '{}' is not a list: write [a, b]", key, n.Scalar()));
            }
        }
        if (list.IsScalar()) {
            out.push_back(list.Scalar());
            return;
        }
        if (!list.IsSequence()) {
            throw ConfigError(fmt::format("{}: must be a list of strings, got a section", key));
        }
        for (const auto& e : list) {
            out.push_back(scalar(e, key, "a list of strings"));
        }
    }

    void env(const std::string& key, std::map<std::string, std::string>& out) const {
        const YAML::Node n = find(root_, key);
        if (!n.IsDefined() || n.IsNull()) {
            return;
        }
        if (!n.IsMap()) {
            throw ConfigError(fmt::format("{}: must be a section of NAME: value pairs", key));
        }
        for (const auto& kv : n) {
            std::string name = kv.first.Scalar();
            for (auto& ch : name) {
                ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            }
            if (kv.second.IsDefined() && !kv.second.IsNull() && !kv.second.IsScalar()) {
                throw ConfigError(fmt::format("{}.{}: must be a string", key, kv.first.Scalar()));
            }
            out[name] = kv.second.IsScalar() ? kv.second.Scalar() : "";
        }
    }

    // A section of name: value strings, names kept as written (header names).
    void string_map(const std::string& key, std::vector<std::pair<std::string, std::string>>& out) const {
        const YAML::Node n = find(root_, key);
        if (!n.IsDefined() || n.IsNull()) {
            return;
        }
        if (!n.IsMap()) {
            throw ConfigError(fmt::format("{}: must be a section of Name: value pairs", key));
        }
        for (const auto& kv : n) {
            const std::string name = kv.first.Scalar();
            if (!kv.second.IsScalar() || name.empty() || name.find_first_of(" :\r\n") != std::string::npos) {
                throw ConfigError(fmt::format("{}.{}: expected a header name and a string value", key, name));
            }
            if (kv.second.Scalar().find_first_of("\r\n") != std::string::npos) {
                throw ConfigError(
                    fmt::format("{}.{}: a header value cannot contain a line break", key, name));
            }
            out.emplace_back(name, kv.second.Scalar());
        }
    }

    void one_of(const std::string& key, std::string& out, std::initializer_list<const char*> allowed) const {
        string(key, out);
        if (out.empty() && !find(root_, key).IsDefined()) {
            return;
        }
        std::string list;
        for (const char* a : allowed) {
            if (out == a) {
                return;
            }
            list += list.empty() ? "" : ", ";
            list += a;
        }
        throw ConfigError(fmt::format("{}: '{}' is not allowed: expected one of {}", key, out, list));
    }

    bool has(const std::string& key) const { return find(root_, key).IsDefined(); }
    YAML::Node node(const std::string& key) const { return find(root_, key); }

    std::vector<std::string> children(const std::string& key) const {
        std::vector<std::string> names;
        const YAML::Node n = find(root_, key);
        if (n.IsMap()) {
            for (const auto& kv : n) {
                names.push_back(kv.first.Scalar());
            }
        }
        return names;
    }

private:
    const YAML::Node& root_;
};

// An octal mode as RR's YAML writes it (0755, 0o755), or a decimal number.
unsigned read_mode(const Reader& r, const std::string& key, unsigned fallback) {
    std::string s;
    r.string(key, s);
    if (s.empty()) {
        return fallback;
    }
    std::string_view digits = s;
    int base = 10;
    if (digits.starts_with("0o") || digits.starts_with("0O")) {
        digits.remove_prefix(2);
        base = 8;
    } else if (digits.size() > 1 && digits.front() == '0') {
        base = 8;
    }
    unsigned v = 0;
    const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
    if (ec != std::errc() || p != digits.data() + digits.size() || v > 07777) {
        throw ConfigError(fmt::format("{}: '{}' is not allowed: expected a file mode such as 0755", key, s));
    }
    return v;
}

KvStorageConfig read_kv_storage(const Reader& r, const std::string& prefix) {
    KvStorageConfig k;
    r.one_of(prefix + ".driver", k.driver, {"memory", "boltdb", "redis", "memcached"});
    const std::string c = prefix + ".config";
    r.size(c + ".max_value_size", k.max_value_size);
    if (k.max_value_size > (60u << 20)) {
        throw ConfigError(fmt::format("{}.max_value_size: at most 60MB (an RPC frame carries 64MB)", c));
    }
    r.string(c + ".file", k.file);
    k.permissions = read_mode(r, c + ".permissions", k.permissions);
    r.string(c + ".bucket", k.bucket);
    r.seconds(c + ".interval", k.interval);
    if (k.file.empty() || k.bucket.empty()) {
        throw ConfigError(fmt::format("{}: file and bucket must not be empty", c));
    }
    if (k.interval <= Duration::zero()) {
        throw ConfigError(fmt::format("{}.interval: must be at least 1 second", c));
    }
    r.strings(c + ".addrs", k.addrs);
    r.string(c + ".username", k.username);
    r.string(c + ".password", k.password);
    r.uint(c + ".db", k.db, 1u << 16);
    r.string(c + ".master_name", k.master_name);
    r.string(c + ".sentinel_password", k.sentinel_password);
    r.seconds(c + ".dial_timeout", k.dial_timeout);
    r.seconds(c + ".read_timeout", k.read_timeout);
    if (k.dial_timeout <= Duration::zero()) {
        k.dial_timeout = std::chrono::seconds(5); // RR: 0 means the default
    }
    if (k.read_timeout <= Duration::zero()) {
        k.read_timeout = std::chrono::seconds(3);
    }
    r.strings(c + ".addr", k.addr);
    if (k.driver.empty()) {
        throw ConfigError(
            fmt::format("{}.driver: is required: one of memory, boltdb, redis, memcached", prefix));
    }
    if ((k.driver == "redis" && k.addrs.empty()) || (k.driver == "memcached" && k.addr.empty())) {
        throw ConfigError(fmt::format("{}: needs at least one server address", c));
    }
    return k;
}

double read_number(const YAML::Node& n, const std::string& key) {
    const std::string s = scalar(n, key, "a number");
    double v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size()) {
        throw ConfigError(fmt::format("{}: '{}' is not a number", key, s));
    }
    return v;
}

std::vector<double> read_numbers(const YAML::Node& node, const std::string& key) {
    std::vector<double> out;
    if (!node.IsDefined() || node.IsNull()) {
        return out;
    }
    YAML::Node n = node;
    if (n.IsScalar() && n.Scalar().starts_with('[')) { // -o key=[0.1,1]
        try {
            n = YAML::Load(node.Scalar());
        } catch (const YAML::Exception&) {
            throw ConfigError(fmt::format("{}: '{}' is not a list: write [0.1, 1]", key, node.Scalar()));
        }
    }
    if (!n.IsSequence()) {
        throw ConfigError(fmt::format("{}: must be a list of numbers", key));
    }
    for (const auto& e : n) {
        out.push_back(read_number(e, key));
    }
    return out;
}

MetricCollectorConfig read_collector(const Reader& r, const std::string& prefix) {
    MetricCollectorConfig m;
    r.one_of(prefix + ".type", m.type, {"counter", "gauge", "histogram", "summary"});
    if (m.type.empty()) {
        m.type = "counter";
    }
    r.string(prefix + ".help", m.help);
    r.string(prefix + ".namespace", m.namespace_);
    r.string(prefix + ".subsystem", m.subsystem);
    r.strings(prefix + ".labels", m.labels);
    m.buckets = read_numbers(r.node(prefix + ".buckets"), prefix + ".buckets");
    // RR writes objectives as a map or as a list of one-entry maps: {0.5: 0.05, 0.9: 0.01}.
    const YAML::Node obj = r.node(prefix + ".objectives");
    const auto add_pairs = [&](const YAML::Node& map) {
        for (const auto& kv : map) {
            m.objectives.emplace_back(read_number(kv.first, prefix + ".objectives"),
                                      read_number(kv.second, prefix + ".objectives"));
        }
    };
    if (obj.IsMap()) {
        add_pairs(obj);
    } else if (obj.IsSequence()) {
        for (const auto& e : obj) {
            if (!e.IsMap()) {
                throw ConfigError(
                    fmt::format("{}.objectives: expected quantile: error pairs, e.g. 0.5: 0.05", prefix));
            }
            add_pairs(e);
        }
    } else if (obj.IsDefined() && !obj.IsNull()) {
        throw ConfigError(
            fmt::format("{}.objectives: expected quantile: error pairs, e.g. 0.5: 0.05", prefix));
    }
    return m;
}

// A pool block (http.pool, jobs.pool): the worker count, timeouts, limits and supervisor.
void read_pool(const Reader& r, const std::string& prefix, PoolConfig& p) {
    r.uint(prefix + ".num_workers", p.num_workers, 4096);
    r.duration(prefix + ".allocate_timeout", p.allocate_timeout);
    r.duration(prefix + ".destroy_timeout", p.destroy_timeout);
    r.boolean(prefix + ".prefetch", p.prefetch);
    if (p.num_workers == 0) {
        const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        p.num_workers = cpus > 0 ? static_cast<unsigned>(cpus) : 1;
    }
    r.duration(prefix + ".reset_timeout", p.reset_timeout);
    r.duration(prefix + ".stream_timeout", p.stream_timeout);
    p.wait_timeout = p.allocate_timeout;
    r.duration(prefix + ".wait_timeout", p.wait_timeout);
    r.uint(prefix + ".max_jobs", p.max_jobs, uint64_t{1} << 40);
    r.uint(prefix + ".max_queue_size", p.max_queue_size, 1u << 24);
    r.boolean(prefix + ".debug", p.debug);
    r.uint(prefix + ".overload_status", p.overload_status, 599);
    if (p.overload_status != 503 && p.overload_status != 500) {
        throw ConfigError(fmt::format("{}.overload_status: '{}' is not allowed: expected 503 (with "
                                      "Retry-After) or 500 (RoadRunner's, with No-Workers: true)",
                                      prefix, p.overload_status));
    }
    auto& sv = p.supervisor;
    if (r.has(prefix + ".supervisor")) {
        sv.enabled = true;
        r.duration(prefix + ".supervisor.watch_tick", sv.watch_tick);
        r.duration(prefix + ".supervisor.ttl", sv.ttl);
        r.duration(prefix + ".supervisor.idle_ttl", sv.idle_ttl);
        r.uint(prefix + ".supervisor.max_worker_memory", sv.max_worker_memory, 1u << 20);
        r.duration(prefix + ".supervisor.exec_ttl", sv.exec_ttl);
        if (sv.watch_tick.count() <= 0) {
            throw ConfigError(prefix + ".supervisor.watch_tick: must be more than 0, e.g. 1s");
        }
    }
    auto& da = p.dynamic_allocator;
    if (r.has(prefix + ".dynamic_allocator")) {
        da.enabled = true;
        r.uint(prefix + ".dynamic_allocator.max_workers", da.max_workers, 2048);
        r.uint(prefix + ".dynamic_allocator.spawn_rate", da.spawn_rate, 100);
        r.duration(prefix + ".dynamic_allocator.idle_timeout", da.idle_timeout);
        if (da.idle_timeout < std::chrono::seconds(1)) {
            da.idle_timeout = std::chrono::minutes(1); // as RR: values under 1s mean the default
        }
        if (da.spawn_rate == 0) {
            da.spawn_rate = 1;
        }
    }
}

void read_log(const Reader& r, const std::string& prefix, LogConfig& out) {
    r.one_of(prefix + ".mode", out.mode, {"development", "production", "raw", "off", "none"});
    if (out.mode == "none") {
        out.mode = "off";
    }
    if (out.mode == "production") {
        out.encoding = "json";
    }
    r.one_of(prefix + ".level", out.level, {"debug", "info", "warn", "error", "panic", "off", "none"});
    if (out.level == "none") {
        out.level = "off";
    }
    if (out.level == "panic") {
        out.level = "critical";
    }
    r.one_of(prefix + ".encoding", out.encoding, {"console", "json"});
    r.strings(prefix + ".output", out.output);
    r.strings(prefix + ".err_output", out.err_output);
    const std::string fo = prefix + ".file_logger_options";
    r.string(fo + ".log_output", out.rotation.path);
    r.uint(fo + ".max_size", out.rotation.max_size_mb, 1u << 20);
    r.uint(fo + ".max_backups", out.rotation.max_backups, 1000000);
    if (r.has(fo) && out.rotation.path.empty()) {
        throw ConfigError(fmt::format("{}.log_output: the file to write is missing", fo));
    }
    if (out.rotation.max_size_mb == 0) {
        throw ConfigError(fmt::format("{}.max_size: '0' is not allowed: expected megabytes, 1 or more", fo));
    }
}

} // namespace

void set_value(YAML::Node& root, const std::string& key, const std::string& value) {
    if (key.empty() || key.front() == '.' || key.back() == '.' || key.find("..") != std::string::npos) {
        throw ConfigError(
            fmt::format("'{}' is not a config key: use dotted names like http.pool.num_workers", key));
    }
    set_path(root, split_key(key), 0, value);
}

void apply_override(YAML::Node& root, const std::string& assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == assignment.size()) {
        throw ConfigError(
            fmt::format("-o '{}': expected key=value, e.g. -o http.pool.num_workers=4", assignment));
    }
    std::string value = assignment.substr(eq + 1);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
        value = value.substr(1, value.size() - 2);
    }
    set_value(root, assignment.substr(0, eq), value);
}

std::pair<std::string, uint16_t> parse_address(const std::string& key, const std::string& value) {
    std::string host;
    std::string port;
    if (!value.empty() && value.front() == '[') {
        const auto close = value.find(']');
        if (close == std::string::npos || close + 1 >= value.size() || value[close + 1] != ':') {
            throw ConfigError(fmt::format("{}: '{}' is not an address: expected [ipv6]:port", key, value));
        }
        host = value.substr(1, close - 1);
        port = value.substr(close + 2);
    } else {
        const auto colon = value.rfind(':');
        if (colon == std::string::npos) {
            throw ConfigError(fmt::format(
                "{}: '{}' is not an address: expected host:port, e.g. 127.0.0.1:8080", key, value));
        }
        host = value.substr(0, colon);
        port = value.substr(colon + 1);
    }
    unsigned p = 0;
    const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc() || ptr != port.data() + port.size() || p > 65535 || port.empty()) {
        throw ConfigError(
            fmt::format("{}: '{}' has no valid port: expected a number from 0 to 65535", key, value));
    }
    if (host.empty()) {
        host = "0.0.0.0";
    }
    return {host, static_cast<uint16_t>(p)};
}

std::vector<std::string> split_words(const std::string& s) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto start = s.find_first_not_of(" \t\n", i);
        if (start == std::string::npos) {
            break;
        }
        const auto end = s.find_first_of(" \t\n", start);
        words.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
        i = end == std::string::npos ? s.size() : end;
    }
    return words;
}

bool is_php_binary(const std::string& argv0) {
    const auto slash = argv0.rfind('/');
    const std::string base = slash == std::string::npos ? argv0 : argv0.substr(slash + 1);
    if (!base.starts_with("php")) {
        return false;
    }
    const std::string rest = base.substr(3);
    return rest.empty() || rest.find_first_not_of("0123456789.") == std::string::npos || rest == "-cli" ||
           rest == "-zts";
}

PhpCommand parse_php_command(const std::string& key, const std::vector<std::string>& command) {
    auto joined = [&] {
        std::string s;
        for (const auto& a : command) {
            s += (s.empty() ? "" : " ") + a;
        }
        return s;
    };
    if (command.empty() || !is_php_binary(command[0])) {
        throw ConfigError(fmt::format("{}: '{}' does not run php: an embed pool needs a command such as "
                                      "'php worker.php' (or set http.pool.mode: exec)",
                                      key, joined()));
    }
    PhpCommand pc;
    for (std::size_t i = 1; i < command.size(); ++i) {
        const std::string& a = command[i];
        std::string def;
        if (a == "-d" && i + 1 < command.size()) {
            def = command[++i];
        } else if (a.starts_with("-d") && a.size() > 2) {
            def = a.substr(2);
        } else if (a == "-f" && i + 1 < command.size()) {
            pc.script = command[++i];
            break;
        } else if (a == "-n" || a == "-q" || a == "-e" || a == "-H" || a == "-C") {
            continue; // options that change nothing for an embedded worker
        } else if (!a.empty() && a.front() == '-') {
            throw ConfigError(
                fmt::format("{}: '{}': the php option '{}' is not supported in embed mode "
                            "(supported: -d name=value, -f): set http.pool.mode: exec to run it as is",
                            key, joined(), a));
        } else {
            pc.script = a;
            break;
        }
        if (!def.empty()) {
            const auto eq = def.find('=');
            pc.ini.emplace_back(def.substr(0, eq), eq == std::string::npos ? "1" : def.substr(eq + 1));
        }
    }
    if (pc.script.empty()) {
        throw ConfigError(fmt::format("{}: '{}' names no PHP script: e.g. php worker.php", key, joined()));
    }
    return pc;
}

Config load(const YAML::Node& root) {
    Config c;
    c.tree = root;
    const Reader r(root);
    r.string("http.address", c.http.address);
    auto& ssl = c.http.ssl;
    ssl.enabled = r.has("http.ssl");
    if (ssl.enabled) {
        r.string("http.ssl.address", ssl.address);
        parse_address("http.ssl.address", ssl.address);
        r.boolean("http.ssl.redirect", ssl.redirect);
        r.string("http.ssl.cert", ssl.cert);
        r.string("http.ssl.key", ssl.key);
        r.string("http.ssl.root_ca", ssl.root_ca);
        r.string("http.ssl.client_auth_type", ssl.client_auth_type);
        r.duration("http.ssl.handshake_timeout", ssl.handshake_timeout);
        static const char* const kAuthTypes[] = {"no_client_certs", "request_client_cert",
                                                 "require_any_client_cert", "verify_client_cert_if_given",
                                                 "require_and_verify_client_cert"};
        if (std::find(std::begin(kAuthTypes), std::end(kAuthTypes), ssl.client_auth_type) ==
            std::end(kAuthTypes)) {
            throw ConfigError(fmt::format(
                "http.ssl.client_auth_type: '{}' is not allowed: expected no_client_certs, "
                "request_client_cert, "
                "require_any_client_cert, verify_client_cert_if_given or require_and_verify_client_cert",
                ssl.client_auth_type));
        }
        if (r.has("http.ssl.acme")) {
            throw ConfigError("http.ssl.acme: automatic certificates are not supported by rr-php yet: give "
                              "http.ssl.cert and http.ssl.key");
        }
        if (ssl.cert.empty() || ssl.key.empty()) {
            throw ConfigError("http.ssl: both cert and key are required (PEM files), e.g. cert: "
                              "/etc/ssl/server.crt, key: /etc/ssl/server.key");
        }
        if (ssl.handshake_timeout.count() <= 0) {
            throw ConfigError("http.ssl.handshake_timeout: must be more than 0, e.g. 10s");
        }
    }
    r.boolean("http.http2.h2c", c.http.http2.h2c);
    r.uint("http.http2.max_concurrent_streams", c.http.http2.max_concurrent_streams, 1u << 16);
    if (c.http.http2.max_concurrent_streams == 0) {
        throw ConfigError("http.http2.max_concurrent_streams: '0' is not allowed: expected at least 1");
    }
    r.string("http.fcgi.address", c.http.fcgi.address);
    if (!c.http.fcgi.address.empty()) {
        auto& a = c.http.fcgi.address;
        if (a.starts_with("unix://")) {
            if (a.size() <= 7) {
                throw ConfigError(fmt::format("http.fcgi.address: '{}' is not allowed: expected "
                                              "tcp://host:port or unix:///path/to.sock",
                                              a));
            }
        } else {
            if (a.starts_with("tcp://")) {
                a = a.substr(6);
            }
            parse_address("http.fcgi.address", a);
        }
        c.http.fcgi.enabled = true;
    }
    if (c.http.address.empty() && !ssl.enabled && !c.http.fcgi.enabled) {
        throw ConfigError("http.address: empty, and there is no http.ssl or http.fcgi: nothing to listen on");
    }
    if (!c.http.address.empty()) {
        parse_address("http.address", c.http.address);
    }
    if (ssl.redirect && c.http.address.empty()) {
        throw ConfigError(
            "http.ssl.redirect: there is no plain listener to redirect (http.address is empty)");
    }
    uint64_t mb = c.http.max_request_size >> 20;
    r.uint("http.max_request_size", mb, 1u << 20);
    c.http.max_request_size = (mb == 0 ? 1000 : mb) << 20; // RR: 0 means the 1000 MB default
    r.size("http.max_header_size", c.http.max_header_size);
    r.duration("http.read_header_timeout", c.http.read_header_timeout);
    r.duration("http.read_timeout", c.http.read_timeout);
    r.duration("http.write_timeout", c.http.write_timeout);
    uint64_t buffer_memory = c.http.response_buffer.memory;
    r.size("http.response_buffer.memory", buffer_memory);
    c.http.response_buffer.memory =
        static_cast<std::size_t>(std::min<uint64_t>(buffer_memory, uint64_t{1} << 32));
    r.size("http.response_buffer.temp_file", c.http.response_buffer.temp_file);
    r.duration("http.idle_timeout", c.http.idle_timeout);
    r.uint("http.max_connections", c.http.max_connections, 1u << 20);
    if (c.http.max_connections == 0) {
        throw ConfigError("http.max_connections: '0' is not allowed: expected at least 1");
    }
    read_pool(r, "http.pool", c.http.pool);
    r.boolean("http.access_logs", c.http.access_logs);
    r.boolean("http.raw_body", c.http.raw_body);
    r.strings("http.middleware", c.http.middleware);
    r.string_map("http.headers.request", c.http.request_headers);
    r.string_map("http.headers.response", c.http.response_headers);
    r.strings("http.trusted_subnets", c.http.trusted_subnets);
    r.strings("http.trusted_headers", c.http.trusted_headers);
    try {
        const net::Subnets check(c.http.trusted_subnets);
    } catch (const std::invalid_argument& e) {
        throw ConfigError(
            fmt::format("http.trusted_subnets: '{}' is not a subnet: expected CIDR such as 10.0.0.0/8 "
                        "or fc00::/7",
                        e.what()));
    }
    r.uint("http.internal_error_code", c.http.internal_error_code, 599);
    if (c.http.internal_error_code < 100) {
        throw ConfigError(
            fmt::format("http.internal_error_code: '{}' is not allowed: expected an HTTP status from "
                        "100 to 599",
                        c.http.internal_error_code));
    }
    r.string("http.uploads.dir", c.http.uploads.dir);
    r.strings("http.uploads.forbid", c.http.uploads.forbid);
    r.strings("http.uploads.allow", c.http.uploads.allow);
    auto has_mw = [&](const char* name) {
        return std::find(c.http.middleware.begin(), c.http.middleware.end(), name) != c.http.middleware.end();
    };
    r.string("http.disable_symlinks", c.http.disable_symlinks);
    if (c.http.disable_symlinks != "off" && c.http.disable_symlinks != "on" &&
        c.http.disable_symlinks != "if_not_owner" && c.http.disable_symlinks != "outside_root") {
        throw ConfigError(fmt::format("http.disable_symlinks: '{}' is not allowed: expected off (follow "
                                      "symbolic links, the default), on, if_not_owner or outside_root",
                                      c.http.disable_symlinks));
    }
    auto& st = c.http.statics;
    st.enabled = has_mw("static");
    r.string("http.static.dir", st.dir);
    r.strings("http.static.forbid", st.forbid);
    r.strings("http.static.allow", st.allow);
    r.boolean("http.static.calculate_etag", st.calculate_etag);
    r.boolean("http.static.weak", st.weak);
    r.string_map("http.static.request", st.request);
    r.string_map("http.static.response", st.response);
    if (st.dir.empty()) {
        st.dir = ".";
    }
    if (st.enabled || r.has("http.static.dir")) {
        // RoadRunner validates a configured static section even when the middleware is not listed.
        struct stat sb {};
        if (::stat(st.dir.c_str(), &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            throw ConfigError(fmt::format("http.static.dir: {} is not a directory: the static middleware "
                                          "needs an existing directory to serve",
                                          text::shown_path(st.dir)));
        }
    }
    auto& gz = c.http.gzip;
    gz.enabled = has_mw("gzip");
    r.uint("http.gzip.min_size", gz.min_size, uint64_t{1} << 30);
    r.strings("http.gzip.encodings", gz.encodings);
    for (const auto& e : gz.encodings) {
        if (e != "gzip" && e != "br" && e != "zstd") {
            throw ConfigError(fmt::format(
                "http.gzip.encodings: '{}' is not allowed: expected a list of gzip, br, zstd", e));
        }
    }
    auto& cors = c.http.cors;
    if (r.has("http.headers.cors")) {
        cors.enabled = has_mw("headers");
        r.string("http.headers.cors.allowed_origin", cors.allowed_origin);
        r.string("http.headers.cors.allowed_origin_regex", cors.allowed_origin_regex);
        r.string("http.headers.cors.allowed_headers", cors.allowed_headers);
        r.string("http.headers.cors.allowed_methods", cors.allowed_methods);
        r.string("http.headers.cors.exposed_headers", cors.exposed_headers);
        r.boolean("http.headers.cors.allow_credentials", cors.allow_credentials);
        r.boolean("http.headers.cors.debug", cors.debug);
        r.uint("http.headers.cors.max_age", cors.max_age, 1u << 30);
        r.uint("http.headers.cors.options_success_status", cors.options_success_status, 599);
        if (cors.options_success_status < 200) {
            throw ConfigError(fmt::format("http.headers.cors.options_success_status: '{}' is not allowed: "
                                          "expected an HTTP status from 200 to 599",
                                          cors.options_success_status));
        }
        if (!cors.allowed_origin_regex.empty()) {
            const re2::RE2 check(cors.allowed_origin_regex, re2::RE2::Quiet);
            if (!check.ok()) {
                throw ConfigError(fmt::format("http.headers.cors.allowed_origin_regex: '{}' is not a valid "
                                              "regular expression (RE2 syntax, as RoadRunner's): {}",
                                              cors.allowed_origin_regex, check.error()));
            }
        }
    }
    c.http.sendfile = has_mw("sendfile");
    auto& cl = c.http.classic;
    if (r.has("http.classic")) {
        r.string("http.classic.root", cl.root);
        r.string("http.classic.index", cl.index);
        r.boolean("http.classic.run_any_php", cl.run_any_php);
        r.strings("http.classic.pass_env", cl.pass_env);
        if (cl.root.empty()) {
            throw ConfigError("http.classic.root: is required when http.classic is present: the document "
                              "root, e.g. public");
        }
        cl.enabled = true;
    }
    if (cl.enabled) {
        struct stat sb {};
        if (::stat(cl.root.c_str(), &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            throw ConfigError(fmt::format("http.classic.root: '{}' is not a directory", cl.root));
        }
        if (cl.index.find("..") != std::string::npos || cl.index.starts_with("/")) {
            throw ConfigError(fmt::format("http.classic.index: '{}' is not allowed: expected a path inside "
                                          "the document root, e.g. index.php",
                                          cl.index));
        }
    }
    // Extension lists compare as RoadRunner's: lower case, with the dot ("PHP" is ".php").
    for (auto* list : {&c.http.uploads.forbid, &c.http.uploads.allow, &st.forbid, &st.allow}) {
        for (auto& ext : *list) {
            for (auto& ch : ext) {
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            }
            if (!ext.empty() && ext.front() != '.') {
                ext.insert(ext.begin(), '.');
            }
        }
    }
    r.duration("endure.grace_period", c.grace_period);

    r.command("server.command", c.server.command);
    r.env("server.env", c.server.env);
    r.string("server.relay", c.server.relay);
    r.string("server.user", c.server.user);
    r.string("server.group", c.server.group);
    if (c.server.relay != "pipes" && !c.server.relay.starts_with("tcp://") &&
        !c.server.relay.starts_with("unix://")) {
        throw ConfigError(fmt::format("server.relay: '{}' is not allowed: expected pipes, tcp://host:port or "
                                      "unix:///path/to.sock",
                                      c.server.relay));
    }
    if (c.server.relay.starts_with("tcp://")) {
        parse_address("server.relay", c.server.relay.substr(6));
    }
    if (r.has("server.on_init")) {
        r.command("server.on_init.command", c.server.on_init.command);
        if (c.server.on_init.command.empty()) {
            throw ConfigError("server.on_init.command: is required when server.on_init is present");
        }
        r.duration("server.on_init.exec_timeout", c.server.on_init.exec_timeout);
        r.boolean("server.on_init.exit_on_error", c.server.on_init.exit_on_error);
        r.env("server.on_init.env", c.server.on_init.env);
    }
    r.command("http.pool.command", c.http.pool.command);
    r.one_of("http.pool.mode", c.http.pool.mode, {"embed", "exec"});
    r.one_of("http.pool.codec", c.http.pool.codec, {"json", "proto"});
    r.one_of("http.pool.dispatch", c.http.pool.dispatch, {"master", "direct"});
    r.boolean("http.pool.cpu_affinity", c.http.pool.cpu_affinity);
    const auto& command = c.http.pool.command.empty() ? c.server.command : c.http.pool.command;
    const char* command_key = c.http.pool.command.empty() ? "server.command" : "http.pool.command";
    // A php command's script and -d options, for an embedded worker (cli::decide_worker_mode() decides
    // whether the pool embeds it).
    if (!command.empty() &&
        (c.http.pool.mode == "embed" || (c.http.pool.mode.empty() && is_php_binary(command[0])))) {
        PhpCommand pc = parse_php_command(command_key, command);
        c.script = pc.script;
        c.php_ini = std::move(pc.ini);
    }

    if (r.has("rpc")) {
        c.rpc.enabled = true;
        r.string("rpc.listen", c.rpc.listen);
        if (!c.rpc.listen.starts_with("tcp://") && !c.rpc.listen.starts_with("unix://")) {
            throw ConfigError(fmt::format(
                "rpc.listen: '{}' is not allowed: expected tcp://host:port or unix:///path/to.sock",
                c.rpc.listen));
        }
        if (c.rpc.listen.starts_with("tcp://")) {
            parse_address("rpc.listen", c.rpc.listen.substr(6));
        }
    }

    if (r.has("status")) {
        auto& st = c.status;
        st.enabled = true;
        r.string("status.address", st.address);
        if (st.address.empty()) {
            throw ConfigError("status.address: is required when status is present, e.g. 127.0.0.1:2114");
        }
        if (st.address.starts_with("tcp://")) {
            st.address = st.address.substr(6);
        }
        parse_address("status.address", st.address);
        r.uint("status.unavailable_status_code", st.unavailable_status_code, 599);
        if (st.unavailable_status_code < 100) {
            throw ConfigError(fmt::format("status.unavailable_status_code: '{}' is not allowed: expected an "
                                          "HTTP status from 100 to 599",
                                          st.unavailable_status_code));
        }
        // RR reads an integer number of seconds; a duration ("30s", as RR's docs show) works too.
        r.seconds("status.check_timeout", st.check_timeout);
    }

    if (r.has("dashboard")) {
        r.string("dashboard.address", c.dashboard.address);
        r.string("dashboard.token", c.dashboard.token);
        if (c.dashboard.address.empty()) {
            throw ConfigError("dashboard.address: missing: the dashboard needs its own host:port");
        }
        parse_address("dashboard.address", c.dashboard.address);
        c.dashboard.enabled = true;
    }
    if (r.has("reload")) {
        auto& rl = c.reload;
        rl.enabled = true;
        r.duration("reload.interval", rl.interval);
        r.strings("reload.patterns", rl.patterns);
        // RR's schema says `services`; its docs also show `plugins`.
        for (const char* section : {"services", "plugins"}) {
            for (const auto& name : r.children(std::string("reload.") + section)) {
                const std::string key = std::string("reload.") + section + "." + name;
                if (name != "http") {
                    throw ConfigError(fmt::format("{}: rr-php watches files for the http plugin only", key));
                }
                ReloadConfig::Plugin& p = rl.plugins[name];
                r.strings(key + ".dirs", p.dirs);
                r.strings(key + ".patterns", p.patterns);
                r.strings(key + ".ignore", p.ignore);
                r.boolean(key + ".recursive", p.recursive);
            }
        }
    }

    for (const auto& name : r.children("kv")) {
        c.kv[name] = read_kv_storage(r, "kv." + name);
    }
    if (r.has("kv") && !r.node("kv").IsMap() && !r.node("kv").IsNull()) {
        throw ConfigError("kv: must be a section of named storages, e.g. kv: {local: {driver: memory}}");
    }

    if (r.has("jobs")) {
        auto& j = c.jobs;
        j.enabled = true;
        r.seconds("jobs.timeout", j.timeout);
        r.uint("jobs.pipeline_size", j.pipeline_size, uint64_t{1} << 32);
        j.pool.prefetch = false; // job offers are an HTTP matter
        read_pool(r, "jobs.pool", j.pool);
        r.command("jobs.pool.command", j.pool.command);
        r.one_of("jobs.pool.mode", j.pool_mode, {"embed", "exec"});
        if (j.pool_mode == "embed") {
            const auto& jc = j.pool.command.empty() ? c.server.command : j.pool.command;
            const char* jkey = j.pool.command.empty() ? "server.command" : "jobs.pool.command";
            if (jc.empty()) {
                throw ConfigError(fmt::format(
                    "jobs.pool.mode: embed needs a consumer command: {}: php consumer.php", jkey));
            }
            j.embed = parse_php_command(jkey, jc);
        }
        r.strings("jobs.consume", j.consume);
        r.string("beanstalk.addr", j.beanstalk_addr);
        r.duration("beanstalk.timeout", j.beanstalk_timeout);
        r.string("nats.addr", j.nats_addr);
        r.string("amqp.addr", j.amqp_addr);
        for (const auto& name : r.children("jobs.pipelines")) {
            const std::string key = "jobs.pipelines." + name;
            JobsPipelineConfig pc;
            r.one_of(key + ".driver", pc.driver, {"memory", "boltdb", "beanstalk", "nats", "amqp"});
            if (pc.driver.empty()) {
                throw ConfigError(
                    fmt::format("{}.driver: is required: memory, boltdb, beanstalk or nats (amqp, "
                                "sqs, kafka are not supported by rr-php yet)",
                                key));
            }
            uint64_t priority = 10;
            r.uint(key + ".priority", priority, 1u << 30);
            r.uint(key + ".config.priority", priority, 1u << 30);
            pc.priority = static_cast<int64_t>(priority);
            r.uint(key + ".config.prefetch", pc.prefetch, uint64_t{1} << 32);
            r.string(key + ".config.file", pc.file);
            pc.permissions = read_mode(r, key + ".config.permissions", 0777);
            r.string(key + ".config.tube", pc.tube);
            r.uint(key + ".config.tube_priority", pc.tube_priority, uint64_t{1} << 31);
            r.duration(key + ".config.reserve_timeout", pc.reserve_timeout);
            r.string(key + ".config.subject", pc.subject);
            r.string(key + ".config.stream", pc.stream);
            r.boolean(key + ".config.deliver_new", pc.deliver_new);
            r.string(key + ".config.queue", pc.queue);
            r.string(key + ".config.exchange", pc.exchange);
            r.one_of(key + ".config.exchange_type", pc.exchange_type,
                     {"direct", "fanout", "topic", "headers"});
            r.string(key + ".config.routing_key", pc.routing_key);
            r.boolean(key + ".config.durable", pc.durable);
            r.boolean(key + ".config.exchange_durable", pc.exchange_durable);
            j.pipelines[name] = pc;
        }
        for (const auto& name : j.consume) {
            if (!j.pipelines.contains(name)) {
                throw ConfigError(
                    fmt::format("jobs.consume: '{}' is not a pipeline of jobs.pipelines", name));
            }
        }
    }

    if (r.has("metrics")) {
        auto& m = c.metrics;
        m.enabled = true;
        r.string("metrics.address", m.address);
        if (m.address.starts_with("tcp://")) {
            m.address = m.address.substr(6);
        }
        parse_address("metrics.address", m.address);
        for (const auto& name : r.children("metrics.collect")) {
            m.collect[name] = read_collector(r, "metrics.collect." + name);
        }
    }

    read_log(r, "logs", c.logs.base);
    for (const auto& name : r.children("logs.channels")) {
        LogConfig ch = c.logs.base;
        read_log(r, "logs.channels." + name, ch);
        c.logs.channels[name] = ch;
    }
    c.log_level = c.logs.base.level;
    return c;
}

} // namespace rr::config
