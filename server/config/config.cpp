#include "config.hpp"

#include <fmt/format.h>

#include <charconv>
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
    for (const auto& part : split_key(key)) {
        if (!cur.IsMap()) {
            return YAML::Node(YAML::NodeType::Undefined);
        }
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

private:
    const YAML::Node& root_;
};

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

Config load(const YAML::Node& root) {
    Config c;
    const Reader r(root);
    r.string("http.address", c.http.address);
    parse_address("http.address", c.http.address);
    uint64_t mb = c.http.max_request_size >> 20;
    r.uint("http.max_request_size", mb, 1u << 20);
    c.http.max_request_size = (mb == 0 ? 1000 : mb) << 20; // RR: 0 means the 1000 MB default
    r.size("http.max_header_size", c.http.max_header_size);
    r.duration("http.read_header_timeout", c.http.read_header_timeout);
    r.duration("http.read_timeout", c.http.read_timeout);
    r.duration("http.write_timeout", c.http.write_timeout);
    r.duration("http.idle_timeout", c.http.idle_timeout);
    r.uint("http.max_connections", c.http.max_connections, 1u << 20);
    if (c.http.max_connections == 0) {
        throw ConfigError("http.max_connections: '0' is not allowed: expected at least 1");
    }
    r.uint("http.pool.num_workers", c.http.pool.num_workers, 4096);
    r.duration("http.pool.allocate_timeout", c.http.pool.allocate_timeout);
    r.duration("http.pool.destroy_timeout", c.http.pool.destroy_timeout);
    r.boolean("http.pool.prefetch", c.http.pool.prefetch);
    if (c.http.pool.num_workers == 0) {
        const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        c.http.pool.num_workers = cpus > 0 ? static_cast<unsigned>(cpus) : 1;
    }
    r.duration("endure.grace_period", c.grace_period);
    r.string("logs.level", c.log_level);
    static const char* levels[] = {"debug", "info", "warn", "error", "off", "none"};
    bool level_ok = false;
    for (const char* l : levels) {
        level_ok = level_ok || c.log_level == l;
    }
    if (!level_ok) {
        throw ConfigError(fmt::format(
            "logs.level: '{}' is not allowed: expected debug, info, warn, error or off", c.log_level));
    }
    if (c.log_level == "none") {
        c.log_level = "off";
    }
    return c;
}

} // namespace rr::config
