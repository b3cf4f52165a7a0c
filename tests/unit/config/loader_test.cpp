#include "server/config/config.hpp"
#include "server/config/loader.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace rr::config {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/rr-config-test-XXXXXX";
        path_ = ::mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path_); }
    std::string write(const std::string& name, const std::string& text) const {
        const std::string p = path_ + "/" + name;
        std::ofstream(p) << text;
        return p;
    }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

Config load_file(const TempDir& d, const std::string& yaml, std::vector<std::string> overrides = {}) {
    Sources s;
    s.config_file = d.write(".rr.yaml", yaml);
    s.workdir = d.path();
    s.overrides = std::move(overrides);
    return load(read_tree(s).root);
}

std::string error_of(const TempDir& d, const std::string& yaml, std::vector<std::string> overrides = {}) {
    try {
        load_file(d, yaml, std::move(overrides));
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(accepted)";
}

TEST(ConfigFile, VersionMustBeTheStringThree) {
    TempDir d;
    EXPECT_EQ(load_file(d, "version: '3'\n").http.address, "127.0.0.1:8080");
    EXPECT_EQ(load_file(d, "version: \"3\"\n").http.address, "127.0.0.1:8080");
    const std::pair<const char*, const char*> cases[] = {
        {"http:\n  address: 127.0.0.1:1\n", "'version' is missing"},
        {"version: 3\n", "write version: '3'"},
        {"version: '2.7'\n", "RoadRunner 2.x config"},
        {"version: 2.7\n", "RoadRunner 2.x config"},
        {"version: '4'\n", "expected '3'"},
        {"version: [3]\n", "must be the string '3'"},
        {"- a\n- b\n", "mapping of sections"},
        {"version: '3'\nhttp: [\n", "not valid YAML: line"},
    };
    for (const auto& [yaml, needle] : cases) {
        const std::string err = error_of(d, yaml);
        EXPECT_NE(err.find(needle), std::string::npos) << yaml << " -> " << err;
    }
}

TEST(ConfigFile, EveryBadValueNamesKeyValueAndWhatIsAllowed) {
    TempDir d;
    struct Case {
        const char* yaml;
        std::vector<const char*> needles;
    };
    const Case cases[] = {
        {"server:\n  command: ''\n", {"server.command", "should not be empty"}},
        {"server:\n  command: []\n", {"server.command", "should not be empty"}},
        {"server:\n  command: {a: 1}\n", {"server.command", "got a section"}},
        {"server:\n  command: php w.php\n  relay: socket\n", {"server.relay", "'socket'", "pipes, tcp://"}},
        {"server:\n  command: php w.php\n  on_init:\n    exec_timeout: 5s\n",
         {"server.on_init.command", "required"}},
        {"server:\n  command: php w.php\n  on_init:\n    command: ls\n    exec_timeout: 60\n",
         {"server.on_init.exec_timeout", "'60'", "with a unit"}},
        {"server:\n  command: php -z w.php\n", {"server.command", "'-z'", "http.pool.mode: exec"}},
        {"server:\n  command: php -d x=1\n", {"server.command", "names no PHP script"}},
        {"server:\n  command: node w.js\nhttp:\n  pool:\n    mode: embed\n",
         {"server.command", "does not run php"}},
        {"http:\n  pool:\n    mode: fork\n", {"http.pool.mode", "'fork'", "embed, exec"}},
        {"http:\n  pool:\n    num_workers: many\n", {"http.pool.num_workers", "'many'", "whole number"}},
        {"http:\n  pool:\n    num_workers: -1\n", {"http.pool.num_workers", "'-1'"}},
        {"http:\n  pool:\n    allocate_timeout: 60\n", {"http.pool.allocate_timeout", "'60'", "with a unit"}},
        {"http:\n  pool:\n    destroy_timeout: soon\n", {"http.pool.destroy_timeout", "'soon'"}},
        {"http:\n  address: localhost\n", {"http.address", "'localhost'", "host:port"}},
        {"http:\n  address: 127.0.0.1:99999\n", {"http.address", "0 to 65535"}},
        {"http:\n  max_request_size: 1GB\n", {"http.max_request_size", "'1GB'", "whole number"}},
        {"http:\n  access_logs: maybe\n", {"http.access_logs", "'maybe'", "true or false"}},
        {"http:\n  pool: [1, 2]\n", {"http.pool: must be a section"}},
        {"rpc:\n  listen: 127.0.0.1:6001\n", {"rpc.listen", "'127.0.0.1:6001'", "tcp://host:port"}},
        {"rpc:\n  listen: tcp://127.0.0.1:x\n", {"rpc.listen", "valid port"}},
        {"logs:\n  mode: verbose\n", {"logs.mode", "'verbose'", "development, production, raw, off"}},
        {"logs:\n  level: trace\n", {"logs.level", "'trace'", "debug, info"}},
        {"logs:\n  encoding: xml\n", {"logs.encoding", "'xml'", "console, json"}},
        {"logs:\n  channels:\n    http:\n      level: loud\n", {"logs.channels.http.level", "'loud'"}},
        {"endure:\n  grace_period: 30\n", {"endure.grace_period", "'30'", "with a unit"}},
    };
    for (const auto& c : cases) {
        const std::string err = error_of(d, std::string("version: '3'\n") + c.yaml);
        for (const char* needle : c.needles) {
            EXPECT_NE(err.find(needle), std::string::npos) << c.yaml << " -> " << err;
        }
    }
}

TEST(ConfigFile, ReadsRoadRunnerKeysWithDefaults) {
    TempDir d;
    const Config c =
        load_file(d, "version: '3'\n"
                     "server:\n"
                     "  command: php -d memory_limit=1G -dopcache.enable_cli=1 -f public/worker.php x\n"
                     "  env:\n"
                     "    app_env: prod\n"
                     "rpc:\n"
                     "  listen: tcp://127.0.0.1:6010\n"
                     "http:\n"
                     "  address: 0.0.0.0:8081\n"
                     "  access_logs: true\n"
                     "  pool:\n"
                     "    num_workers: 3\n"
                     "    reset_timeout: 5s\n"
                     "logs:\n"
                     "  mode: production\n"
                     "  level: warn\n"
                     "  channels:\n"
                     "    http:\n"
                     "      level: info\n"
                     "      output: [stdout]\n");
    EXPECT_EQ(c.script, "public/worker.php");
    const std::vector<std::pair<std::string, std::string>> ini = {{"memory_limit", "1G"},
                                                                  {"opcache.enable_cli", "1"}};
    EXPECT_EQ(c.php_ini, ini);
    EXPECT_EQ(c.http.pool.mode, "");               // not configured: cli::decide_worker_mode() decides
    EXPECT_EQ(c.server.env.at("APP_ENV"), "prod"); // keys upper-cased, as RR
    EXPECT_EQ(c.server.relay, "pipes");
    EXPECT_TRUE(c.rpc.enabled);
    EXPECT_EQ(c.rpc.listen, "tcp://127.0.0.1:6010");
    EXPECT_EQ(c.http.address, "0.0.0.0:8081");
    EXPECT_TRUE(c.http.access_logs);
    EXPECT_EQ(c.http.pool.num_workers, 3u);
    EXPECT_EQ(c.http.pool.reset_timeout, Duration(5s));
    EXPECT_EQ(c.http.pool.allocate_timeout, Duration(60s));
    EXPECT_EQ(c.logs.base.encoding, "json"); // production mode is JSON
    EXPECT_EQ(c.logs.base.level, "warn");
    EXPECT_EQ(c.logs.channels.at("http").level, "info");
    EXPECT_EQ(c.logs.channels.at("http").encoding, "json"); // inherited from logs
    EXPECT_EQ(c.logs.channels.at("http").output, std::vector<std::string>{"stdout"});
}

TEST(ConfigFile, RpcOnlyWithItsSectionAndCommandsAsLists) {
    TempDir d;
    const Config c = load_file(d, "version: '3'\nserver:\n  command: [php, 'my worker.php']\n");
    EXPECT_FALSE(c.rpc.enabled);
    EXPECT_EQ(c.script, "my worker.php");
    const Config e = load_file(d, "version: '3'\nserver:\n  command: /usr/local/bin/app serve\n");
    EXPECT_EQ(e.script, ""); // not a php binary: nothing to embed (cli::decide_worker_mode() says exec)
    const Config p = load_file(
        d, "version: '3'\nserver:\n  command: node x.js\nhttp:\n  pool:\n    command: php8.2 w.php\n");
    EXPECT_EQ(p.script, "w.php"); // the pool's own command wins
}

TEST(ConfigFile, EnvInterpolationInValuesAndLists) {
    TempDir d;
    ::setenv("RR_TEST_PORT", "18123", 1);
    ::unsetenv("RR_TEST_UNSET");
    const Config c = load_file(d, "version: '3'\n"
                                  "http:\n"
                                  "  address: \"127.0.0.1:${RR_TEST_PORT}\"\n"
                                  "  pool:\n"
                                  "    num_workers: ${RR_TEST_UNSET:-2}\n"
                                  "logs:\n"
                                  "  output: [\"${RR_TEST_UNSET:-stderr}\"]\n");
    EXPECT_EQ(c.http.address, "127.0.0.1:18123");
    EXPECT_EQ(c.http.pool.num_workers, 2u);
    EXPECT_EQ(c.logs.base.output, std::vector<std::string>{"stderr"});
    EXPECT_NE(error_of(d, "version: '3'\nhttp:\n  address: ${A:=x}\n").find("http.address"),
              std::string::npos);
}

TEST(ConfigFile, OverridesAreInterpolatedAndWinOverTheFile) {
    TempDir d;
    ::setenv("RR_TEST_WORKERS", "5", 1);
    const Config c =
        load_file(d, "version: '3'\nhttp:\n  pool:\n    num_workers: 2\n",
                  {"http.pool.num_workers=${RR_TEST_WORKERS}", "rpc.listen=\"tcp://127.0.0.1:${X:-6002}\""});
    EXPECT_EQ(c.http.pool.num_workers, 5u);
    EXPECT_TRUE(c.rpc.enabled);
    EXPECT_EQ(c.rpc.listen, "tcp://127.0.0.1:6002");
    EXPECT_NE(error_of(d, "version: '3'\n", {"=1"}).find("expected key=value"), std::string::npos);
    EXPECT_NE(error_of(d, "version: '3'\n", {"http.address="}).find("expected key=value"), std::string::npos);
}

TEST(ConfigFile, IncludesOverrideKeyByKeyLaterFilesWin) {
    TempDir d;
    d.write("a.yaml", "version: '3'\nhttp:\n  pool:\n    num_workers: 4\n    destroy_timeout: 3s\n");
    d.write("b.yaml", "version: '3'\nhttp:\n  pool:\n    num_workers: 6\n");
    const Config c =
        load_file(d, "version: '3'\ninclude: [a.yaml, b.yaml]\n"
                     "http:\n  address: 127.0.0.1:9001\n  pool:\n    num_workers: 1\n    prefetch: false\n");
    EXPECT_EQ(c.http.address, "127.0.0.1:9001");          // only in the root file
    EXPECT_EQ(c.http.pool.num_workers, 6u);               // b.yaml wins over a.yaml over the root
    EXPECT_EQ(c.http.pool.destroy_timeout, Duration(3s)); // from a.yaml
    EXPECT_FALSE(c.http.pool.prefetch);                   // untouched root key kept
    // -o include="..." names them too.
    EXPECT_EQ(load_file(d, "version: '3'\n", {"include=a.yaml"}).http.pool.num_workers, 4u);
    d.write("v2.yaml", "version: '2.7'\n");
    EXPECT_NE(error_of(d, "version: '3'\ninclude: [v2.yaml]\n").find("v2.yaml"), std::string::npos);
    EXPECT_NE(error_of(d, "version: '3'\ninclude: [missing.yaml]\n").find("cannot be read"),
              std::string::npos);
}

TEST(ConfigFile, EnvfileIsLoadedFromTheConfigDirectoryBeforeInterpolation) {
    TempDir d;
    ::unsetenv("RR_TEST_FROM_ENVFILE");
    d.write("app.env", "RR_TEST_FROM_ENVFILE=127.0.0.1:18555\n");
    const Config c =
        load_file(d, "version: '3'\nenvfile: app.env\nhttp:\n  address: ${RR_TEST_FROM_ENVFILE}\n");
    EXPECT_EQ(c.http.address, "127.0.0.1:18555");
    EXPECT_NE(error_of(d, "version: '3'\nenvfile: nope.env\n").find("envfile"), std::string::npos);
}

TEST(ConfigFile, DotenvDoesNotOverrideTheEnvironment) {
    TempDir d;
    ::setenv("RR_TEST_ALREADY", "kept", 1);
    ::unsetenv("RR_TEST_NEW");
    Sources s;
    s.dotenv = d.write("x.env", "RR_TEST_ALREADY=replaced\nRR_TEST_NEW=new\n");
    s.workdir = d.path();
    read_tree(s);
    EXPECT_STREQ(std::getenv("RR_TEST_ALREADY"), "kept");
    EXPECT_STREQ(std::getenv("RR_TEST_NEW"), "new");
}

TEST(ConfigFile, UnsupportedSectionsAndKeysAreWarnedAboutNotFatal) {
    TempDir d;
    Sources s;
    s.config_file = d.write(
        ".rr.yaml",
        "version: '3'\n"
        "temporal:\n  address: 127.0.0.1:7233\n"
        "kv:\n  r:\n    driver: redis\n    config:\n      addrs: [127.0.0.1:6379]\n      tls: {cert: c}\n"
        "metrics:\n  collect:\n    hits:\n      type: counter\n      color: red\n"
        "my_plugin:\n  x: 1\n"
        "http:\n  address: 127.0.0.1:8080\n  fcgi:\n    address: tcp://127.0.0.1:9000\n"
        "  pool:\n    num_workers: 1\n  ssl:\n    address: :443\n    acme:\n      email: a@b.c\n"
        "server:\n  command: php w.php\n  env:\n    ANY: thing\n");
    s.workdir = d.path();
    const Tree t = read_tree(s);
    const std::vector<std::string> expected = {
        "section 'temporal' is not supported by rr-php yet; ignored",
        "kv.r.config.tls: not supported by rr-php yet; ignored",
        "metrics.collect.hits.color: not supported by rr-php yet; ignored",
        "unknown section 'my_plugin'; ignored",
        "http.ssl.acme: not supported by rr-php yet; ignored",
    };
    EXPECT_EQ(t.warnings, expected);
}

} // namespace
} // namespace rr::config
