// The pieces of one gathered write (writev / sendmsg) and what is left of them after a partial one.
#pragma once

#include <sys/uio.h>

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string_view>

namespace rr::sapi {

class PendingWrite {
public:
    static constexpr std::size_t kMaxParts = 3;

    PendingWrite(std::initializer_list<std::string_view> parts) {
        for (std::string_view p : parts) {
            if (!p.empty() && count_ < kMaxParts) {
                iov_[count_++] = iovec{const_cast<char*>(p.data()), p.size()};
            }
        }
    }

    bool done() const { return first_ == count_; }
    // The pieces still to write.
    iovec* iov() { return iov_.data() + first_; }
    int count() const { return static_cast<int>(count_ - first_); }

    // `n` more bytes went out.
    void consumed(std::size_t n) {
        while (first_ < count_ && n >= iov_[first_].iov_len) {
            n -= iov_[first_].iov_len;
            ++first_;
        }
        if (first_ < count_) {
            iov_[first_].iov_base = static_cast<char*>(iov_[first_].iov_base) + n;
            iov_[first_].iov_len -= n;
        }
    }

private:
    std::array<iovec, kMaxParts> iov_{};
    std::size_t count_ = 0;
    std::size_t first_ = 0;
};

} // namespace rr::sapi
