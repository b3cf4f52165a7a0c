#include "frame.hpp"

#include <cstring>
#include <zlib.h>

namespace rr::goridge {
namespace {

void put_u32(uint8_t* p, uint32_t v) {
    p[0] = static_cast<uint8_t>(v);
    p[1] = static_cast<uint8_t>(v >> 8);
    p[2] = static_cast<uint8_t>(v >> 16);
    p[3] = static_cast<uint8_t>(v >> 24);
}

uint32_t get_u32(const uint8_t* p) {
    return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
           (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

// PHP CLI prints this when the worker script path is wrong; goridge's Go reader special-cases it.
constexpr std::string_view kCouldNotOpen = "Could not op";

} // namespace

uint32_t header_crc(const uint8_t* header6) {
    return static_cast<uint32_t>(crc32(0L, header6, 6));
}

std::size_t encode_header(uint8_t* out, uint8_t flags, uint8_t stream_bits, std::span<const uint32_t> options,
                          uint32_t payload_len) {
    const std::size_t n = options.size() > kMaxOptions ? kMaxOptions : options.size();
    out[0] = static_cast<uint8_t>((kVersion << 4) | (3 + n));
    out[1] = flags;
    put_u32(out + 2, payload_len);
    put_u32(out + 6, header_crc(out));
    out[10] = stream_bits;
    out[11] = 0;
    for (std::size_t i = 0; i < n; ++i) {
        put_u32(out + kHeaderSize + 4 * i, options[i]);
    }
    return kHeaderSize + 4 * n;
}

std::string encode(uint8_t flags, uint8_t stream_bits, std::span<const uint32_t> options,
                   std::string_view payload) {
    uint8_t hdr[kMaxHeaderSize];
    const std::size_t hl =
        encode_header(hdr, flags, stream_bits, options, static_cast<uint32_t>(payload.size()));
    std::string out;
    out.reserve(hl + payload.size());
    out.append(reinterpret_cast<const char*>(hdr), hl);
    out.append(payload);
    return out;
}

std::string encode(const Frame& frame) {
    return encode(frame.flags, frame.stream, frame.options, frame.payload);
}

std::string encode_control(std::string_view json) {
    return encode(flag::kControl | flag::kCodecJson, 0, {}, json);
}

std::string encode_stream_signal(uint8_t stream_bits) {
    return encode(0, stream_bits, {}, {});
}

std::string encode_job(uint8_t flags, std::string_view context, std::string_view body) {
    uint8_t hdr[kMaxHeaderSize];
    const uint32_t opt = static_cast<uint32_t>(context.size());
    const std::size_t hl = encode_header(hdr, flags, 0, std::span<const uint32_t>(&opt, 1),
                                         static_cast<uint32_t>(context.size() + body.size()));
    std::string out;
    out.reserve(hl + context.size() + body.size());
    out.append(reinterpret_cast<const char*>(hdr), hl);
    out.append(context);
    out.append(body);
    return out;
}

const char* describe(DecodeError e) {
    switch (e) {
    case DecodeError::none:
        return "no error";
    case DecodeError::bad_header_length:
        return "invalid frame header length";
    case DecodeError::crc_mismatch:
        return "frame header checksum mismatch (not a goridge frame)";
    case DecodeError::payload_too_large:
        return "frame payload exceeds the configured limit";
    case DecodeError::missing_script:
        return "PHP could not open the worker script";
    }
    return "unknown error";
}

DecodeError parse_header(const uint8_t* p, FrameHeader& out, uint32_t max_payload) {
    if (std::memcmp(p, kCouldNotOpen.data(), kCouldNotOpen.size()) == 0) {
        return DecodeError::missing_script;
    }
    const uint8_t hl = p[0] & 0x0f;
    if (hl < 3 || hl > 3 + kMaxOptions) {
        return DecodeError::bad_header_length;
    }
    if (get_u32(p + 6) != header_crc(p)) {
        return DecodeError::crc_mismatch;
    }
    out.flags = p[1];
    out.payload_len = get_u32(p + 2);
    out.stream = p[10];
    out.option_count = static_cast<uint8_t>(hl - 3);
    if (out.payload_len > max_payload) {
        return DecodeError::payload_too_large;
    }
    return DecodeError::none;
}

namespace {
constexpr std::size_t kKeptCapacity = 1u << 20;
} // namespace

FrameDecoder::Result FrameDecoder::next(Frame& out) {
    if (error_ != DecodeError::none) {
        return Result::error;
    }
    const std::size_t avail = buf_.size() - pos_;
    if (avail < kHeaderSize) {
        if (pos_ > 0 && pos_ == buf_.size()) {
            buf_.clear();
            pos_ = 0;
        }
        return Result::need_more;
    }
    const auto* p = reinterpret_cast<const uint8_t*>(buf_.data() + pos_);
    FrameHeader h;
    error_ = parse_header(p, h, max_payload_);
    if (error_ != DecodeError::none) {
        buf_.erase(0, pos_);
        pos_ = 0;
        return Result::error;
    }
    const std::size_t opt_bytes = 4u * h.option_count;
    const std::size_t total = kHeaderSize + opt_bytes + h.payload_len;
    if (avail < total) {
        return Result::need_more;
    }
    out.flags = h.flags;
    out.stream = h.stream;
    out.options.resize(h.option_count);
    for (std::size_t i = 0; i < h.option_count; ++i) {
        out.options[i] = get_u32(p + kHeaderSize + 4 * i);
    }
    out.payload.assign(buf_.data() + pos_ + kHeaderSize + opt_bytes, h.payload_len);
    pos_ += total;
    if (pos_ == buf_.size()) {
        buf_.clear();
        pos_ = 0;
        if (buf_.capacity() > kKeptCapacity) {
            std::string().swap(buf_); // one large frame must not stay resident for the worker's lifetime
        }
    } else if (pos_ > (1u << 16) && pos_ * 2 > buf_.size()) {
        buf_.erase(0, pos_);
        pos_ = 0;
    }
    return Result::frame;
}

std::size_t FrameDecoder::bytes_wanted() const {
    const std::size_t avail = buf_.size() - pos_;
    if (avail == 0) {
        return 0;
    }
    if (avail < kHeaderSize) {
        return kHeaderSize - avail;
    }
    const auto* p = reinterpret_cast<const uint8_t*>(buf_.data() + pos_);
    const std::size_t total =
        kHeaderSize + 4u * ((p[0] & 0x0f) >= 3 ? (p[0] & 0x0f) - 3 : 0) + get_u32(p + 2);
    return total > avail ? total - avail : 0;
}

} // namespace rr::goridge
