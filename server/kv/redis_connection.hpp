// One connection to one Redis server over hiredis' blocking API, bounded by timeouts: connect
// (dial_timeout), then every send and receive (read_timeout). A connection that failed is closed
// and opened again on the next use, but not sooner than a second after a failed connect, so a Redis
// that is down costs callers a quick error rather than a connect timeout each.
#pragma once

#include "server/kv/storage.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

struct redisContext;
struct redisReply;

namespace rr::kv {

struct RedisAuth {
    std::string username; // Redis 6 ACL user; empty: AUTH with the password alone
    std::string password;
    int db = 0; // SELECT after connecting (not on sentinels and cluster nodes)
};

// A reply, owned.
struct RedisReplyDeleter {
    void operator()(redisReply* r) const;
};
using RedisReply = std::unique_ptr<redisReply, RedisReplyDeleter>;

class RedisConnection {
public:
    RedisConnection(std::string address, RedisAuth auth, std::chrono::milliseconds dial_timeout,
                    std::chrono::milliseconds io_timeout);
    ~RedisConnection();
    RedisConnection(const RedisConnection&) = delete;
    RedisConnection& operator=(const RedisConnection&) = delete;

    // Sends the commands in one pipeline and returns their replies in order (an error reply is a
    // reply, not an exception). Throws kv::Error naming the address when the server cannot be
    // reached or the connection breaks (a connection that was open before is tried once more, as
    // it may have been closed by the server while idle), Timeout when it does not answer in time.
    std::vector<RedisReply> pipeline(const std::vector<std::vector<std::string>>& commands);
    const std::string& address() const { return address_; }
    void close();

private:
    void open();
    std::vector<RedisReply> exchange(const std::vector<std::vector<std::string>>& commands);

    std::string address_;
    std::string host_;
    int port_ = 0;
    RedisAuth auth_;
    std::chrono::milliseconds dial_timeout_;
    std::chrono::milliseconds io_timeout_;
    redisContext* ctx_ = nullptr;
    std::chrono::steady_clock::time_point failed_at_{};
    std::string failure_;
};

// No answer within the read timeout.
struct Timeout : Error {
    using Error::Error;
};

// The text of an error reply, or "" when `r` is not one.
std::string redis_error(const redisReply* r);

} // namespace rr::kv
