#include "server/kv/redis_connection.hpp"

#include <fmt/format.h>
#include <hiredis/hiredis.h>

#include <charconv>

namespace rr::kv {

void RedisReplyDeleter::operator()(redisReply* r) const {
    freeReplyObject(r);
}

std::string redis_error(const redisReply* r) {
    if (r != nullptr && r->type == REDIS_REPLY_ERROR) {
        return std::string(r->str, r->len);
    }
    return {};
}

namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
    return timeval{static_cast<time_t>(ms.count() / 1000),
                   static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

} // namespace

RedisConnection::RedisConnection(std::string address, RedisAuth auth, std::chrono::milliseconds dial_timeout,
                                 std::chrono::milliseconds io_timeout)
    : address_(std::move(address)), auth_(std::move(auth)), dial_timeout_(dial_timeout),
      io_timeout_(io_timeout) {
    const auto colon = address_.rfind(':');
    std::string_view port =
        colon == std::string::npos ? std::string_view("6379") : std::string_view(address_).substr(colon + 1);
    host_ = colon == std::string::npos ? address_ : address_.substr(0, colon);
    if (host_.size() > 2 && host_.front() == '[' && host_.back() == ']') {
        host_ = host_.substr(1, host_.size() - 2);
    }
    const auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), port_);
    if (ec != std::errc() || p != port.data() + port.size() || port_ <= 0 || port_ > 65535 || host_.empty()) {
        throw Error(fmt::format("'{}' is not a host:port address", address_));
    }
}

RedisConnection::~RedisConnection() {
    close();
}

void RedisConnection::close() {
    if (ctx_ != nullptr) {
        redisFree(ctx_);
        ctx_ = nullptr;
    }
}

void RedisConnection::open() {
    const auto now = std::chrono::steady_clock::now();
    if (!failure_.empty() && now - failed_at_ < std::chrono::seconds(1)) {
        throw Error(failure_);
    }
    ctx_ = redisConnectWithTimeout(host_.c_str(), port_, to_timeval(dial_timeout_));
    const auto fail = [&](const std::string& why) {
        close();
        failure_ = fmt::format("redis {}: {}", address_, why);
        failed_at_ = std::chrono::steady_clock::now();
        throw Error(failure_);
    };
    if (ctx_ == nullptr) {
        fail("cannot allocate a connection");
    }
    if (ctx_->err != 0) {
        fail(ctx_->errstr);
    }
    if (redisSetTimeout(ctx_, to_timeval(io_timeout_)) != REDIS_OK) {
        fail("cannot set the read timeout");
    }
    std::vector<std::vector<std::string>> setup;
    if (!auth_.password.empty()) {
        if (auth_.username.empty()) {
            setup.push_back({"AUTH", auth_.password});
        } else {
            setup.push_back({"AUTH", auth_.username, auth_.password});
        }
    }
    if (auth_.db != 0) {
        setup.push_back({"SELECT", std::to_string(auth_.db)});
    }
    if (!setup.empty()) {
        std::vector<RedisReply> replies;
        try {
            replies = exchange(setup);
        } catch (const Error& e) {
            close();
            failure_ = e.what(); // already names the address
            failed_at_ = std::chrono::steady_clock::now();
            throw;
        }
        for (const auto& r : replies) {
            const std::string err = redis_error(r.get());
            if (!err.empty()) {
                fail(err);
            }
        }
    }
    failure_.clear();
}

std::vector<RedisReply> RedisConnection::exchange(const std::vector<std::vector<std::string>>& commands) {
    for (const auto& cmd : commands) {
        std::vector<const char*> argv;
        std::vector<size_t> lens;
        for (const auto& a : cmd) {
            argv.push_back(a.data());
            lens.push_back(a.size());
        }
        if (redisAppendCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()) !=
            REDIS_OK) {
            throw Error(fmt::format("redis {}: {}", address_, ctx_->errstr));
        }
    }
    std::vector<RedisReply> replies;
    replies.reserve(commands.size());
    for (size_t i = 0; i < commands.size(); ++i) {
        void* r = nullptr;
        if (redisGetReply(ctx_, &r) != REDIS_OK || r == nullptr) {
            if (ctx_->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                throw Timeout(fmt::format("redis {}: no answer within {} ms", address_, io_timeout_.count()));
            }
            throw Error(fmt::format("redis {}: {}", address_, ctx_->errstr));
        }
        replies.emplace_back(static_cast<redisReply*>(r));
    }
    return replies;
}

std::vector<RedisReply> RedisConnection::pipeline(const std::vector<std::vector<std::string>>& commands) {
    const bool reused = ctx_ != nullptr;
    if (!reused) {
        open();
    }
    try {
        return exchange(commands);
    } catch (const Timeout& e) {
        // A server that does not answer would not answer a second try either, nor the calls queued
        // behind this one: they fail at once for a second, as after a failed connect.
        close();
        failure_ = e.what();
        failed_at_ = std::chrono::steady_clock::now();
        throw;
    } catch (const Error&) {
        close();
        if (!reused) {
            throw;
        }
    }
    open();
    try {
        return exchange(commands);
    } catch (const Error&) {
        close();
        throw;
    }
}

} // namespace rr::kv
