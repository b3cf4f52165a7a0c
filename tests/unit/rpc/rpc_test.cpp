#include "goridge-compat/frame.hpp"
#include "server/cli/control.hpp"
#include "server/rpc/rpc_client.hpp"
#include "server/rpc/rpc_server.hpp"
#include "server/rpc/services.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace rr::rpc {
namespace {
namespace json = boost::json;

std::string hex(std::string_view s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n && i < s.size(); ++i) {
        out += fmt::format("{:02x} ", static_cast<uint8_t>(s[i]));
    }
    if (!out.empty()) {
        out.pop_back();
    }
    return out;
}

TEST(RpcFrame, MatchesTheSpecExamples) {
    // PROTOCOL.md §4.2: seq 7, JSON, resetter.Reset("http") -> true, and the error reply.
    const std::string req =
        goridge::encode_rpc_frame(goridge::flag::kCodecJson, 7, "resetter.Reset", "\"http\"");
    EXPECT_EQ(hex(req, 20), "15 08 14 00 00 00 82 b9 d2 0d 00 00 07 00 00 00 0e 00 00 00");
    EXPECT_EQ(req.substr(20), "resetter.Reset\"http\"");
    const std::string resp =
        goridge::encode_rpc_frame(goridge::flag::kCodecJson, 7, "resetter.Reset", "true");
    EXPECT_EQ(hex(resp, 20), "15 08 12 00 00 00 5e e6 b9 28 00 00 07 00 00 00 0e 00 00 00");
    const std::string err = goridge::encode_rpc_frame(goridge::flag::kCodecJson | goridge::flag::kError, 7,
                                                      "resetter.Reset", "boom");
    EXPECT_EQ(hex(err, 20), "15 48 12 00 00 00 17 be 4a 70 00 00 07 00 00 00 0e 00 00 00");
}

TEST(RpcServices, Base64AndConfigJson) {
    EXPECT_EQ(base64(""), "");
    EXPECT_EQ(base64("f"), "Zg==");
    EXPECT_EQ(base64("fo"), "Zm8=");
    EXPECT_EQ(base64("foo"), "Zm9v");
    EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
    const YAML::Node n =
        YAML::Load("version: '3'\nhttp:\n  address: 127.0.0.1:8080\n  pool:\n    num_workers: 4\n"
                   "    debug: false\n    ratio: 0.5\n  middleware: [gzip, static]\n  empty: ~\n");
    EXPECT_EQ(
        json::serialize(yaml_to_json(n)),
        R"({"version":"3","http":{"address":"127.0.0.1:8080","pool":{"num_workers":4,"debug":false,"ratio":5E-1},)"
        R"("middleware":["gzip","static"],"empty":null}})");
}

TEST(RpcServices, WorkersReplyHasTheEightKeysPhpRequires) {
    pool::Pool::WorkerInfo w;
    w.pid = 42;
    w.state = pool::WorkerState::working;
    w.execs = 7;
    w.created_ns = 1700000000000000000;
    w.memory = 10u << 20;
    w.cpu_percent = 1.5;
    w.command = "embed /app/worker.php";
    const json::value v = workers_reply({w});
    const json::object& o = v.at("workers").as_array().at(0).as_object();
    EXPECT_EQ(o.size(), 8u);
    EXPECT_EQ(o.at("pid").as_int64(), 42);
    EXPECT_EQ(o.at("status").as_int64(), 2);
    EXPECT_EQ(o.at("statusStr").as_string(), "working");
    EXPECT_EQ(o.at("numExecs").as_uint64(), 7u);
    EXPECT_EQ(o.at("created").as_int64(), 1700000000000000000);
    EXPECT_EQ(o.at("memoryUsage").as_uint64(), 10u << 20);
    EXPECT_DOUBLE_EQ(o.at("CPUPercent").as_double(), 1.5);
    EXPECT_EQ(o.at("command").as_string(), "embed /app/worker.php");

    const auto now = std::chrono::system_clock::time_point(std::chrono::nanoseconds(1700000000000000000) +
                                                           std::chrono::seconds(125));
    const std::string table = cli::render_workers("http", v, now);
    EXPECT_NE(table.find("Workers of [http]:"), std::string::npos) << table;
    EXPECT_NE(table.find("| PID | STATUS  | EXECS | MEMORY | CPU% | CREATED       |"), std::string::npos)
        << table;
    EXPECT_NE(table.find("| 42  | working | 7     | 10 MB  | 1.50 | 2 minutes ago |"), std::string::npos)
        << table;
}

// A live server on a kernel-chosen loopback port (it reports the port), its io_context on a thread.
class LiveServer {
public:
    LiveServer() : server_(io_, dispatcher_, "tcp://127.0.0.1:0") {
        dispatcher_.add("test.Echo", [](const json::value& arg) -> boost::asio::awaitable<Reply> {
            co_return Reply::ok(arg);
        });
        dispatcher_.add("test.Fail", [](const json::value&) -> boost::asio::awaitable<Reply> {
            co_return Reply::fail("no such storage: foo");
        });
        std::string error;
        EXPECT_TRUE(server_.bind(error)) << error;
        server_.start();
        thread_ = std::thread([this] { io_.run(); });
    }
    ~LiveServer() {
        boost::asio::post(io_, [this] { server_.stop(); });
        io_.stop();
        thread_.join();
    }
    const std::string& address() const { return server_.address(); }
    uint16_t port() const {
        return static_cast<uint16_t>(std::stoi(address().substr(address().rfind(':') + 1)));
    }

private:
    boost::asio::io_context io_;
    Dispatcher dispatcher_;
    Server server_;
    std::thread thread_;
};

TEST(RpcServer, CallsErrorsAndUnknownMethodsKeepTheConnection) {
    LiveServer s;
    Client c(s.address());
    EXPECT_EQ(json::serialize(c.call("test.Echo", json::parse(R"({"a":[1,2]})"))), R"({"a":[1,2]})");
    const std::pair<const char*, const char*> errors[] = {
        {"test.Fail", "no such storage: foo"},
        {"test.Nope", "rpc: can't find method test.Nope"},
        {"other.Nope", "rpc: can't find service other.Nope"},
        {"NoDot", "rpc: service/method request ill-formed: NoDot"},
    };
    for (const auto& [method, text] : errors) {
        try {
            c.call(method, true);
            ADD_FAILURE() << method << " did not fail";
        } catch (const RpcError& e) {
            EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
        }
    }
    EXPECT_EQ(json::serialize(c.call("test.Echo", "still here")), R"("still here")"); // same connection
}

// EOF or a reset: the server closed the connection (with unread bytes, the kernel sends a reset).
bool closed_by_peer(int fd) {
    char buf[64];
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
}

TEST(RpcServer, ABrokenFrameClosesOnlyItsConnection) {
    LiveServer s;
    Client good(s.address());
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(s.port());
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
    const std::string garbage = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    ASSERT_EQ(::send(fd, garbage.data(), garbage.size(), 0), static_cast<ssize_t>(garbage.size()));
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    EXPECT_TRUE(closed_by_peer(fd)); // closed without a reply
    ::close(fd);
    // A frame with one option instead of two: closed as well.
    const int fd2 = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_EQ(::connect(fd2, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
    const std::array<uint32_t, 1> one{1};
    const std::string bad = goridge::encode(goridge::flag::kCodecJson, 0, one, "x");
    ::send(fd2, bad.data(), bad.size(), 0);
    ::setsockopt(fd2, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    EXPECT_TRUE(closed_by_peer(fd2));
    ::close(fd2);
    EXPECT_EQ(json::serialize(good.call("test.Echo", 1)), "1");
}

TEST(RpcClient, UnreachableServerIsAClearError) {
    try {
        Client c("tcp://127.0.0.1:1");
        ADD_FAILURE() << "connected to port 1";
    } catch (const RpcError& e) {
        EXPECT_NE(std::string(e.what()).find("cannot reach the server's RPC at tcp://127.0.0.1:1"),
                  std::string::npos)
            << e.what();
    }
}

} // namespace
} // namespace rr::rpc
