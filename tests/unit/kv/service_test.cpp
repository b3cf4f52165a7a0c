#include "server/kv/lmdb_storage.hpp"
#include "server/kv/memory_storage.hpp"
#include "server/kv/service.hpp"

#include "goridge-compat/frame.hpp"
#include "kv.pb.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

namespace rr::kv {
namespace {

namespace asio = boost::asio;
constexpr uint8_t kProto = goridge::flag::kCodecProto;

std::string request(const std::string& storage, const std::vector<std::pair<std::string, std::string>>& items,
                    const std::string& timeout = "") {
    ::kv::v1::Request r;
    r.set_storage(storage);
    for (const auto& [k, v] : items) {
        auto* i = r.add_items();
        i->set_key(k);
        i->set_value(v);
        i->set_timeout(timeout);
    }
    return r.SerializeAsString();
}

class KvService : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("rr-kv-service-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
        LmdbOptions o;
        o.file = (dir_ / "rr.db").string();
        service_ = std::make_unique<Service>(io_.get_executor());
        service_->add("mem", std::make_unique<MemoryStorage>(), 1024);
        service_->add("disk", std::make_unique<LmdbStorage>(o), 1024);
    }
    void TearDown() override {
        service_.reset();
        std::filesystem::remove_all(dir_);
    }
    rpc::RawReply call(Service::Op op, const std::string& body, uint8_t codec = kProto) {
        auto f = asio::co_spawn(
            io_,
            [&]() -> asio::awaitable<rpc::RawReply> {
                const std::string_view view(body);
                co_return co_await service_->call("kv.X", op, view, codec);
            },
            asio::use_future);
        io_.restart();
        while (f.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready) {
            io_.run_for(std::chrono::milliseconds(10));
        }
        return f.get();
    }
    std::filesystem::path dir_;
    asio::io_context io_;
    std::unique_ptr<Service> service_;
};

TEST_F(KvService, AnswersOnTheMasterAndFromAStorageThread) {
    for (const char* storage : {"mem", "disk"}) {
        EXPECT_FALSE(call(Service::Op::set, request(storage, {{"a", "1"}, {"b", "2"}})).error) << storage;
        const auto got = call(Service::Op::mget, request(storage, {{"b", ""}, {"zz", ""}, {"a", ""}}));
        ASSERT_FALSE(got.error) << got.bytes;
        ::kv::v1::Response r;
        ASSERT_TRUE(r.ParseFromString(got.bytes));
        ASSERT_EQ(r.items_size(), 2) << storage;
        EXPECT_EQ(r.items(0).key(), "b");
        EXPECT_EQ(r.items(0).value(), "2");
        EXPECT_EQ(r.items(1).value(), "1");
        // kv.Clear carries no items.
        EXPECT_FALSE(call(Service::Op::clear, request(storage, {})).error);
        EXPECT_TRUE(r.ParseFromString(call(Service::Op::has, request(storage, {{"a", ""}})).bytes));
        EXPECT_EQ(r.items_size(), 0);
    }
}

TEST_F(KvService, BadCallsAreErrorsNamingWhatIsWrong) {
    const auto expect = [&](Service::Op op, const std::string& body, uint8_t codec, const std::string& text) {
        const auto r = call(op, body, codec);
        EXPECT_TRUE(r.error);
        EXPECT_NE(r.bytes.find(text), std::string::npos) << r.bytes;
    };
    expect(Service::Op::has, request("mem", {{"a", ""}}), goridge::flag::kCodecJson, "takes the proto codec");
    expect(Service::Op::has, request("nope", {{"a", ""}}), kProto, "no such storage: nope");
    expect(Service::Op::has, "\xff\xff", kProto, "not a kv.v1.Request");
    expect(Service::Op::has, request("mem", {}), kProto, "storage mem: no keys given");
    expect(Service::Op::set, request("disk", {{"big", std::string(2000, 'x')}}), kProto,
           "storage disk: the value of 'big' is 2000 bytes, more than max_value_size (1024 bytes)");
    expect(Service::Op::set, request("disk", {{"a", "v"}}, "soon"), kProto,
           "storage disk: 'soon' is not an RFC 3339");
    expect(Service::Op::set, request("disk", {{std::string(600, 'k'), "v"}}), kProto, "storage disk: write");
}

TEST_F(KvService, FarFutureTimeoutsKeepTheKey) {
    ASSERT_FALSE(
        call(Service::Op::set, request("mem", {{"forever", "v"}}, "9999-12-31T23:59:59+00:00")).error);
    ::kv::v1::Response r;
    ASSERT_TRUE(r.ParseFromString(call(Service::Op::ttl, request("mem", {{"forever", ""}})).bytes));
    ASSERT_EQ(r.items_size(), 1);
    EXPECT_EQ(r.items(0).timeout().substr(0, 4), "2262");
}

TEST_F(KvService, HeldThreadsRunNothingUntilReleased) {
    {
        const Service::Hold hold = service_->hold_threads();
        auto f = asio::co_spawn(
            io_,
            [&]() -> asio::awaitable<rpc::RawReply> {
                const std::string body = request("disk", {{"h", "v"}});
                const std::string_view view(body);
                co_return co_await service_->call("kv.Set", Service::Op::set, view, kProto);
            },
            asio::use_future);
        io_.restart();
        io_.run_for(std::chrono::milliseconds(200));
        EXPECT_NE(f.wait_for(std::chrono::milliseconds(0)), std::future_status::ready);
    }
    io_.restart();
    io_.run_for(std::chrono::milliseconds(500));
    ::kv::v1::Response r;
    ASSERT_TRUE(r.ParseFromString(call(Service::Op::has, request("disk", {{"h", ""}})).bytes));
    EXPECT_EQ(r.items_size(), 1);
}

} // namespace
} // namespace rr::kv
