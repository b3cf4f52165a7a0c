#include "server/config/config.hpp"

#include <gtest/gtest.h>

namespace rr::config {
namespace {
using namespace std::chrono_literals;

Config load_with(std::initializer_list<const char*> overrides) {
    YAML::Node tree(YAML::NodeType::Map);
    for (const char* o : overrides) {
        apply_override(tree, o);
    }
    return load(tree);
}

TEST(Config, DefaultsFollowRoadRunnerAndProtect) {
    const Config c = load_with({});
    EXPECT_EQ(c.http.address, "127.0.0.1:8080");
    EXPECT_EQ(c.http.max_request_size, 1000ull << 20);
    EXPECT_EQ(c.http.pool.allocate_timeout, Duration(60s));
    EXPECT_GE(c.http.pool.num_workers, 1u); // 0 means one per CPU
    EXPECT_EQ(c.http.max_header_size, 64u << 10);
    EXPECT_EQ(c.grace_period, Duration(30s));
}

TEST(Config, OverridesSetNestedKeys) {
    const Config c =
        load_with({"http.pool.num_workers=3", "http.max_request_size=2", "http.read_header_timeout=5s",
                   "http.max_header_size=8KB", "http.address=0.0.0.0:9000"});
    EXPECT_EQ(c.http.pool.num_workers, 3u);
    EXPECT_EQ(c.http.max_request_size, 2u << 20);
    EXPECT_EQ(c.http.read_header_timeout, Duration(5s));
    EXPECT_EQ(c.http.max_header_size, 8u << 10);
    EXPECT_EQ(c.http.address, "0.0.0.0:9000");
}

TEST(Config, QuotedOverrideValuesAreUnquoted) {
    EXPECT_EQ(load_with({"http.address='127.0.0.1:1234'"}).http.address, "127.0.0.1:1234");
}

struct BadValue {
    const char* override_;
    const char* must_mention;
};

class ConfigRejects : public ::testing::TestWithParam<BadValue> {};

TEST_P(ConfigRejects, NamesTheKeyAndTheValue) {
    try {
        load_with({GetParam().override_});
        FAIL() << "accepted " << GetParam().override_;
    } catch (const ConfigError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(GetParam().must_mention), std::string::npos) << msg;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ConfigRejects,
    ::testing::Values(
        BadValue{"http.pool.num_workers=many", "http.pool.num_workers: 'many'"},
        BadValue{"http.pool.num_workers=-1", "http.pool.num_workers: '-1'"},
        BadValue{"http.pool.allocate_timeout=60", "http.pool.allocate_timeout: '60' is not a duration"},
        BadValue{"http.read_timeout=soon", "http.read_timeout: 'soon'"},
        BadValue{"http.max_header_size=big", "http.max_header_size: 'big'"},
        BadValue{"http.max_request_size=1.5", "http.max_request_size: '1.5'"},
        BadValue{"http.address=localhost", "http.address: 'localhost'"},
        BadValue{"http.address=127.0.0.1:99999", "http.address: '127.0.0.1:99999'"},
        BadValue{"http.max_connections=0", "http.max_connections"},
        BadValue{"logs.level=loud", "logs.level: 'loud'"},
        BadValue{"http.gzip.encodings=deflate", "http.gzip.encodings: 'deflate'"},
        BadValue{"http.headers.cors.allowed_origin_regex=([a-z", "allowed_origin_regex: '([a-z'"},
        BadValue{"http.headers.cors.options_success_status=99", "options_success_status: '99'"},
        BadValue{"http.classic.root=/nonexistent/dir", "http.classic.root: '/nonexistent/dir'"},
        BadValue{"http.classic.index=index.php", "http.classic.root: is required"},
        BadValue{"kv.a.driver=bolt", "kv.a.driver: 'bolt' is not allowed"},
        BadValue{"kv.a.config.file=x.db", "kv.a.driver: is required"},
        BadValue{"kv.a.config.permissions=rw", "permissions: 'rw'"},
        BadValue{"kv.a.config.max_value_size=1GB", "max_value_size: at most 60MB"},
        BadValue{"kv.a.config.addrs=[a, [b]", "kv.a.config.addrs: '[a, [b]' is not a list"},
        BadValue{"metrics.address=nowhere", "metrics.address: 'nowhere'"},
        BadValue{"metrics.collect.x.type=meter", "metrics.collect.x.type: 'meter'"},
        BadValue{"metrics.collect.x.buckets=[1,two]", "metrics.collect.x.buckets: 'two' is not a number"}));

TEST(Config, KvStoragesAndMetricsCollectors) {
    const Config c = load_with(
        {"kv.local.driver=memory", "kv.disk.driver=boltdb", "kv.disk.config.permissions=0640",
         "kv.disk.config.interval=10", "kv.r.driver=redis",
         "kv.r.config.addrs=[127.0.0.1:7000, 127.0.0.1:7001]", "kv.r.config.dial_timeout=2s",
         "kv.m.driver=memcached", "kv.m.config.max_value_size=2MB", "metrics.collect.hits.type=gauge",
         "metrics.collect.lat.type=histogram", "metrics.collect.lat.buckets=[0.1, 1]"});
    ASSERT_EQ(c.kv.size(), 4u);
    EXPECT_EQ(c.kv.at("local").driver, "memory");
    EXPECT_EQ(c.kv.at("disk").permissions, 0640u);
    EXPECT_EQ(c.kv.at("disk").interval, std::chrono::seconds(10));
    EXPECT_EQ(c.kv.at("disk").file, "rr.db");
    EXPECT_EQ(c.kv.at("r").addrs, (std::vector<std::string>{"127.0.0.1:7000", "127.0.0.1:7001"}));
    EXPECT_EQ(c.kv.at("r").dial_timeout, std::chrono::seconds(2));
    EXPECT_EQ(c.kv.at("m").addr, (std::vector<std::string>{"127.0.0.1:11211"}));
    EXPECT_EQ(c.kv.at("m").max_value_size, 2u << 20);
    EXPECT_TRUE(c.metrics.enabled);
    EXPECT_EQ(c.metrics.address, "127.0.0.1:2112");
    EXPECT_EQ(c.metrics.collect.at("hits").type, "gauge");
    EXPECT_EQ(c.metrics.collect.at("lat").buckets, (std::vector<double>{0.1, 1}));
    EXPECT_FALSE(load_with({}).metrics.enabled);
    // A bracketed IPv6 address is an address, not a YAML list.
    EXPECT_EQ(load_with({"kv.v6.driver=redis", "kv.v6.config.addrs=[::1]:6379"}).kv.at("v6").addrs,
              (std::vector<std::string>{"[::1]:6379"}));
}

TEST(Config, StaticMiddlewareNeedsAnExistingDirectory) {
    try {
        load_with({"http.middleware=static", "http.static.dir=/nonexistent/public"});
        FAIL() << "accepted a missing static dir";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("http.static.dir: '/nonexistent/public'"), std::string::npos);
    }
    // Not listed, but configured: RoadRunner still refuses a missing dir.
    EXPECT_THROW(load_with({"http.middleware=gzip", "http.static.dir=/nonexistent/public"}), ConfigError);
    const auto c = load_with(
        {"http.middleware=gzip", "http.static.dir=/tmp", "http.static.forbid=PHP", "http.gzip.min_size=10"});
    EXPECT_FALSE(c.http.statics.enabled);
    EXPECT_EQ(c.http.statics.forbid, std::vector<std::string>{".php"});
    EXPECT_TRUE(c.http.gzip.enabled);
    EXPECT_EQ(c.http.gzip.min_size, 10u);
    EXPECT_THROW(load_with({"http.classic.root=/tmp", "http.classic.index=../x.php"}), ConfigError);
    EXPECT_TRUE(load_with({"http.classic.root=/tmp"}).http.classic.enabled);
}

TEST(Config, MalformedOverridesAreRejected) {
    YAML::Node tree(YAML::NodeType::Map);
    EXPECT_THROW(apply_override(tree, "novalue"), ConfigError);
    EXPECT_THROW(apply_override(tree, "=x"), ConfigError);
    EXPECT_THROW(apply_override(tree, "a..b=x"), ConfigError);
    EXPECT_THROW(apply_override(tree, "key="), ConfigError);
}

TEST(Config, ParseAddressHandlesIpv6) {
    EXPECT_EQ(parse_address("k", "[::1]:8080"), (std::pair<std::string, uint16_t>{"::1", 8080}));
    EXPECT_EQ(parse_address("k", ":80").first, "0.0.0.0");
    EXPECT_THROW(parse_address("k", "[::1]8080"), ConfigError);
}

} // namespace
} // namespace rr::config
