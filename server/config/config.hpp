// The server's configuration: RoadRunner's keys and defaults where RR has them, rr-php's own keys
// (documented in the README) where it does not. Built from a YAML tree so that `-o key=value`
// overrides and config files share one path.
#pragma once

#include "server/core/duration.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdint>
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

struct PoolConfig {
    unsigned num_workers = 0;                             // 0 = one per CPU
    Duration allocate_timeout = std::chrono::seconds(60); // spawn + handshake, and queue wait
    Duration destroy_timeout = std::chrono::seconds(60);  // stop frame, then SIGKILL
    bool prefetch = true; // rr-php: offer waiting jobs to busy workers (sapi/offer_slot.hpp)
};

struct HttpConfig {
    std::string address = "127.0.0.1:8080";
    uint64_t max_request_size = 1000ull << 20; // bytes (RR: MB, default 1000)
    // rr-php keys
    uint64_t max_header_size = 64u << 10;
    Duration read_header_timeout = std::chrono::seconds(30);
    Duration read_timeout = std::chrono::seconds(60);
    Duration write_timeout = std::chrono::seconds(60);
    Duration idle_timeout = std::chrono::seconds(75);
    unsigned max_connections = 10000;
    PoolConfig pool;
};

struct Config {
    std::string script; // absolute path of the embed worker script
    HttpConfig http;
    std::vector<std::pair<std::string, std::string>> php_ini; // -d key=value
    std::string log_level = "info";
    Duration grace_period = std::chrono::seconds(30);
};

// Sets `dotted.key` in the tree to a string value (what `-o key=value` does).
void set_value(YAML::Node& root, const std::string& dotted_key, const std::string& value);
// Parses "key=value" and applies it; throws ConfigError when malformed.
void apply_override(YAML::Node& root, const std::string& assignment);

// Reads every key rr-php implements from the tree; throws ConfigError on the first bad value.
Config load(const YAML::Node& root);

// Splits "host:port" / "[v6]:port"; throws ConfigError naming `key`.
std::pair<std::string, uint16_t> parse_address(const std::string& key, const std::string& value);

} // namespace rr::config
