#include "server/kv/lmdb_storage.hpp"
#include "server/kv/memory_storage.hpp"
#include "server/kv/redis_storage.hpp"
#include "server/kv/rfc3339.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <filesystem>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace rr::kv {
namespace {

using namespace std::chrono_literals;

TEST(KvRfc3339, ParsesWhatPhpAndGoWrite) {
    const auto z = parse_rfc3339("2026-12-01T05:34:16Z");
    ASSERT_TRUE(z);
    EXPECT_EQ(format_rfc3339(*z), "2026-12-01T05:34:16Z");
    // PHP's DateTimeInterface::RFC3339 writes an offset, never Z.
    EXPECT_EQ(parse_rfc3339("2026-12-01T05:34:16+00:00"), z);
    EXPECT_EQ(parse_rfc3339("2026-12-01T06:34:16+01:00"), z);
    EXPECT_EQ(parse_rfc3339("2026-11-30T23:34:16-06:00"), z);
    const auto frac = parse_rfc3339("2026-12-01T05:34:16.25Z");
    ASSERT_TRUE(frac);
    EXPECT_EQ(*frac - *z, 250ms);
    EXPECT_EQ(format_rfc3339(Clock::time_point{}), "1970-01-01T00:00:00Z");
    EXPECT_EQ(format_rfc3339(*parse_rfc3339("2024-02-29T23:59:59Z")), "2024-02-29T23:59:59Z");
}

TEST(KvRfc3339, TimesBeyondTheClockAreHeldToItsEnds) {
    const auto far = parse_rfc3339("9999-12-31T23:59:59Z");
    ASSERT_TRUE(far);
    EXPECT_GT(*far, Clock::now() + std::chrono::hours(24 * 365 * 200));
    EXPECT_EQ(format_rfc3339(*far).substr(0, 4), "2262");
    const auto old = parse_rfc3339("0001-01-01T00:00:00Z");
    ASSERT_TRUE(old);
    EXPECT_LT(*old, Clock::now());
}

TEST(KvRfc3339, RefusesWhatIsNotADateTime) {
    for (const char* bad :
         {"", "tomorrow", "2026-12-01", "2026-12-01T05:34:16", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
          "2026-12-01T24:00:00Z", "2026-12-01T05:34:16+0100", "2026-12-01T05:34:16Zjunk",
          "2026-12-01T05:34:16.Z", "3600", "2026-12-01T05:34:60Z"}) {
        EXPECT_FALSE(parse_rfc3339(bad)) << bad;
    }
}

// The behaviour every driver shares, run on the in-process ones.
void exercise(Storage& s) {
    s.clear();
    s.set({Item{"a", "1", std::nullopt}, Item{"b", std::string("\0bin\xff", 5), Clock::now() + 1h}});
    EXPECT_EQ(s.has({"a", "b", "c"}), (std::vector<std::string>{"a", "b"}));
    const auto got = s.mget({"b", "c", "a"});
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].key, "b");
    EXPECT_EQ(got[0].value, std::string("\0bin\xff", 5));
    EXPECT_EQ(got[1].value, "1");

    auto ttl = s.ttl({"a", "b", "c"});
    ASSERT_EQ(ttl.size(), 2u);
    EXPECT_FALSE(ttl[0].expiry);
    ASSERT_TRUE(ttl[1].expiry);
    EXPECT_NEAR(std::chrono::duration<double>(*ttl[1].expiry - Clock::now()).count(), 3600, 5);

    // An expiry in the past removes the key; one a second ahead removes it a second later.
    s.set({Item{"gone", "x", Clock::now() - 1s}, Item{"soon", "x", Clock::now() + 1s}});
    EXPECT_EQ(s.has({"gone", "soon"}), (std::vector<std::string>{"soon"}));
    std::this_thread::sleep_for(1100ms);
    EXPECT_TRUE(s.has({"soon"}).empty());
    EXPECT_TRUE(s.mget({"soon"}).empty());

    s.mexpire({Item{"a", "", Clock::now() + 1h}, Item{"missing", "", Clock::now() + 1h}});
    EXPECT_TRUE(s.has({"missing"}).empty());
    ASSERT_TRUE(s.ttl({"a"}).at(0).expiry);
    s.mexpire({Item{"a", "", std::nullopt}});
    EXPECT_FALSE(s.ttl({"a"}).at(0).expiry);

    s.remove({"a", "nope"});
    EXPECT_EQ(s.has({"a", "b"}), (std::vector<std::string>{"b"}));
    s.clear();
    EXPECT_TRUE(s.has({"b"}).empty());
}

TEST(KvMemory, StoresExpiresAndClears) {
    MemoryStorage s;
    exercise(s);
}

TEST(KvMemory, ReplacedExpiriesDoNotPileUp) {
    MemoryStorage s;
    for (int i = 0; i < 1000; ++i) {
        s.set({Item{"session", std::to_string(i), Clock::now() + 1h}});
    }
    s.set({Item{"short", "x", Clock::now() + 1s}});
    std::this_thread::sleep_for(1100ms);
    EXPECT_EQ(s.has({"session", "short"}), (std::vector<std::string>{"session"}));
    EXPECT_EQ(s.mget({"session"}).at(0).value, "999");
    EXPECT_EQ(s.size(), 1u);
}

class KvLmdb : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("rr-kv-test-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
        options_.file = (dir_ / "rr.db").string();
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::filesystem::path dir_;
    LmdbOptions options_;
};

TEST_F(KvLmdb, StoresExpiresAndClears) {
    LmdbStorage s(options_);
    exercise(s);
}

TEST_F(KvLmdb, KeepsDataAcrossOpensAndSeparatesBuckets) {
    {
        LmdbStorage s(options_);
        s.set({Item{"k", "v", std::nullopt}, Item{"t", "v", Clock::now() + 1h}});
    }
    LmdbStorage again(options_);
    EXPECT_EQ(again.mget({"k"}).at(0).value, "v");
    ASSERT_TRUE(again.ttl({"t"}).at(0).expiry);
    LmdbOptions other = options_;
    other.bucket = "other";
    LmdbStorage second(other);
    EXPECT_TRUE(second.has({"k"}).empty());
}

TEST_F(KvLmdb, SweepDeletesExpiredKeys) {
    LmdbStorage s(options_);
    s.set({Item{"old", "x", Clock::now() + 1s}, Item{"keep", "x", std::nullopt}});
    std::this_thread::sleep_for(1100ms);
    EXPECT_EQ(s.entries(), 2u); // invisible, but still stored
    EXPECT_EQ(s.maintain(), 1u);
    EXPECT_EQ(s.entries(), 1u);
    EXPECT_EQ(s.has({"old", "keep"}), (std::vector<std::string>{"keep"}));
}

TEST_F(KvLmdb, SweepWorksInBatches) {
    LmdbStorage s(options_);
    std::vector<Item> items;
    for (int i = 0; i < 2500; ++i) {
        items.push_back(
            Item{"k" + std::to_string(i), "v", i % 2 == 0 ? Expiry(Clock::now() - 1s) : std::nullopt});
    }
    s.set(items);
    EXPECT_EQ(s.maintain(), 1250u);
    EXPECT_EQ(s.entries(), 1250u);
    EXPECT_EQ(s.maintain(), 0u);
}

TEST_F(KvLmdb, TwoStoragesShareOneFile) {
    LmdbStorage a(options_);
    LmdbOptions other = options_;
    other.bucket = "other";
    LmdbStorage b(other);
    a.set({Item{"k", "from a", std::nullopt}});
    b.set({Item{"k", "from b", std::nullopt}});
    std::thread t([&] { b.set({Item{"t", "from a thread", std::nullopt}}); });
    t.join();
    EXPECT_EQ(a.mget({"k"}).at(0).value, "from a");
    EXPECT_EQ(b.mget({"k", "t"}).size(), 2u);
    a.clear();
    EXPECT_TRUE(a.has({"k"}).empty());
    EXPECT_EQ(b.has({"k"}).size(), 1u);
}

TEST_F(KvLmdb, ErrorsNameTheProblem) {
    LmdbStorage s(options_);
    try {
        s.set({Item{std::string(600, 'k'), "v", std::nullopt}});
        FAIL() << "a 600-byte key was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("longer than 511 bytes"), std::string::npos) << e.what();
    }
    LmdbOptions bad = options_;
    bad.file = (dir_ / "no-such-dir" / "rr.db").string();
    try {
        LmdbStorage nope(bad);
        FAIL() << "opened a file in a missing directory";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-dir"), std::string::npos) << e.what();
    }
}

TEST(KvRedis, ClusterSlotsMatchRedis) {
    // Values from the Redis Cluster specification and `CLUSTER KEYSLOT`.
    EXPECT_EQ(redis_slot("123456789"), 0x31C3u % 16384);
    EXPECT_EQ(redis_slot("foo"), 12182u);
    EXPECT_EQ(redis_slot("{user1000}.following"), redis_slot("{user1000}.followers"));
    EXPECT_EQ(redis_slot("{user1000}.following"), redis_slot("user1000"));
    EXPECT_EQ(redis_slot("foo{}{bar}"), redis_slot("foo{}{bar}")); // empty tag: the whole key
    EXPECT_NE(redis_slot("foo{}{bar}"), redis_slot("bar"));
    EXPECT_EQ(redis_slot("foo{{bar}}zap"), redis_slot("{bar"));
}

TEST(KvRedis, BadAddressesAreConfigErrors) {
    RedisOptions o;
    o.addrs = {"127.0.0.1:notaport"};
    EXPECT_THROW(RedisStorage{o}, Error);
}

// A peer that never completes a connection: a listening socket whose backlog is full.
class Blackhole {
public:
    Blackhole() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        ::bind(fd_, reinterpret_cast<sockaddr*>(&a), len);
        ::listen(fd_, 0);
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        for (int i = 0; i < 4; ++i) { // fill the backlog
            const int c = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            ::connect(c, reinterpret_cast<sockaddr*>(&a), len);
            fillers_.push_back(c);
        }
    }
    ~Blackhole() {
        for (const int c : fillers_) {
            ::close(c);
        }
        ::close(fd_);
    }
    int port() const { return port_; }

private:
    int fd_ = -1;
    int port_ = 0;
    std::vector<int> fillers_;
};

TEST(KvRedis, DownServerFailsWithinTheDialTimeoutThenAtOnce) {
    Blackhole hole;
    RedisOptions o;
    o.addrs = {"127.0.0.1:" + std::to_string(hole.port())};
    o.dial_timeout = 300ms;
    RedisStorage s(o);
    std::string first;
    try {
        s.has({"k"});
        FAIL() << "a call to a server that never answers succeeded";
    } catch (const Error& e) {
        first = e.what();
    }
    EXPECT_NE(first.find(o.addrs[0]), std::string::npos) << first;
    // Within a second of the failure the same error comes back without a new connect.
    try {
        s.set({Item{"k", "v", std::nullopt}});
        FAIL() << "no error within a second of a failed connect";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), first);
    }
}

TEST(KvRedis, RefusedConnectionNamesTheAddress) {
    RedisOptions o;
    o.addrs = {"127.0.0.1:1"}; // nothing listens on port 1
    RedisStorage s(o);
    try {
        s.has({"k"});
        FAIL() << "a call to a closed port succeeded";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("redis 127.0.0.1:1: "), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace rr::kv
