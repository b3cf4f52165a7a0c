#include "server/cli/worker_mode.hpp"
#include "server/config/loader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace rr::cli {
namespace {
namespace fs = std::filesystem;
using config::ConfigError;
using config::WorkerMode;

class WorkerModeTest : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/rr-mode-test-XXXXXX";
        dir_ = ::mkdtemp(tmpl);
        std::ofstream(dir_ + "/api.php") << "<?php while (rr_handle_request(fn () => print 'x')) {}\n";
        std::ofstream(dir_ + "/stock.php") << "<?php $w = RoadRunner\\Worker::create(); // goridge\n";
        fs::create_directory(dir_ + "/public");
    }
    void TearDown() override { fs::remove_all(dir_); }

    // The config `yaml` (with {dir} replaced) and -o overrides, as the loader reads them.
    config::Config load(std::string yaml, std::vector<std::string> overrides = {}) const {
        for (std::size_t at; (at = yaml.find("{dir}")) != std::string::npos;) {
            yaml.replace(at, 5, dir_);
        }
        config::Sources s;
        s.config_file = dir_ + "/.rr.yaml";
        std::ofstream(s.config_file) << yaml;
        s.workdir = dir_;
        s.overrides = std::move(overrides);
        return config::load(config::read_tree(s).root);
    }

    std::string dir_;
};

TEST_F(WorkerModeTest, PhpCommandWithTheWorkerApiIsEmbedded) {
    EXPECT_EQ(decide_worker_mode(load("version: '3'\nserver:\n  command: php {dir}/api.php\n"), ""),
              WorkerMode::embed);
}

TEST_F(WorkerModeTest, StockRoadRunnerScriptRunsAsItsOwnProcessUnlessEmbedIsAsked) {
    EXPECT_EQ(decide_worker_mode(load("version: '3'\nserver:\n  command: php {dir}/stock.php\n"), ""),
              WorkerMode::exec);
    EXPECT_EQ(
        decide_worker_mode(
            load("version: '3'\nserver:\n  command: php {dir}/stock.php\n", {"http.pool.mode=embed"}), ""),
        WorkerMode::embed_goridge);
}

TEST_F(WorkerModeTest, CommandThatIsNotPhpOrExecModeIsExec) {
    EXPECT_EQ(decide_worker_mode(load("version: '3'\nserver:\n  command: /usr/bin/env app\n"), ""),
              WorkerMode::exec);
    EXPECT_EQ(decide_worker_mode(
                  load("version: '3'\nserver:\n  command: php {dir}/api.php\n", {"http.pool.mode=exec"}), ""),
              WorkerMode::exec);
}

TEST_F(WorkerModeTest, ServeScriptIsEmbeddedWhateverTheCommand) {
    EXPECT_EQ(
        decide_worker_mode(load("version: '3'\nserver:\n  command: /usr/bin/env app\n"), dir_ + "/api.php"),
        WorkerMode::embed);
}

TEST_F(WorkerModeTest, ClassicModeExcludesScriptExecAndProto) {
    const std::string yaml = "version: '3'\nhttp:\n  classic:\n    root: {dir}/public\n";
    EXPECT_EQ(decide_worker_mode(load(yaml), ""), WorkerMode::classic);
    EXPECT_THROW(decide_worker_mode(load(yaml), dir_ + "/api.php"), ConfigError);
    EXPECT_THROW(decide_worker_mode(load(yaml, {"http.pool.mode=exec"}), ""), ConfigError);
    EXPECT_THROW(decide_worker_mode(load(yaml, {"http.pool.codec=proto"}), ""), ConfigError);
}

TEST_F(WorkerModeTest, ProtoCodecNeedsGoridgeWorkers) {
    EXPECT_THROW(
        decide_worker_mode(
            load("version: '3'\nserver:\n  command: php {dir}/api.php\n", {"http.pool.codec=proto"}), ""),
        ConfigError);
    EXPECT_EQ(
        decide_worker_mode(
            load("version: '3'\nserver:\n  command: php {dir}/stock.php\n", {"http.pool.codec=proto"}), ""),
        WorkerMode::exec);
}

} // namespace
} // namespace rr::cli
