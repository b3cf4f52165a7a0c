// Goridge frame codec (protocol version 1): the byte layout every RoadRunner worker speaks.
// Plain C++ with no I/O, so the server, the SAPI and the extension share one implementation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rr::goridge {

inline constexpr std::size_t kHeaderSize = 12;
inline constexpr std::size_t kMaxOptions = 10;
inline constexpr std::size_t kMaxHeaderSize = kHeaderSize + 4 * kMaxOptions;
inline constexpr uint8_t kVersion = 1;

// Byte 1: codec and type bits.
namespace flag {
inline constexpr uint8_t kControl = 0x01;
inline constexpr uint8_t kCodecRaw = 0x04;
inline constexpr uint8_t kCodecJson = 0x08;
inline constexpr uint8_t kCodecMsgpack = 0x10;
inline constexpr uint8_t kCodecGob = 0x20;
inline constexpr uint8_t kError = 0x40;
inline constexpr uint8_t kCodecProto = 0x80;
} // namespace flag

// Byte 10: stream control bits (not covered by the CRC).
namespace stream {
inline constexpr uint8_t kStream = 0x01;
inline constexpr uint8_t kStop = 0x02;
inline constexpr uint8_t kPing = 0x04;
inline constexpr uint8_t kPong = 0x08;
// rr-php's own bit, only between the master and its embedded workers: this STREAM frame ends the
// HTTP response (rr_finish_request()), but the worker is still busy until its final frame.
inline constexpr uint8_t kResponseDone = 0x40;
} // namespace stream

struct Frame {
    uint8_t flags = 0;
    uint8_t stream = 0;
    std::vector<uint32_t> options;
    std::string payload;

    bool has(uint8_t f) const { return (flags & f) != 0; }
    bool streaming() const { return (stream & stream::kStream) != 0; }
};

// CRC-32 (IEEE) of header bytes 0..5, as goridge computes it.
uint32_t header_crc(const uint8_t* header6);

// Writes the fixed header plus options into `out` (at least kMaxHeaderSize bytes) and returns the
// number of bytes written (12 + 4 * options.size()). options.size() must be <= kMaxOptions.
std::size_t encode_header(uint8_t* out, uint8_t flags, uint8_t stream_bits, std::span<const uint32_t> options,
                          uint32_t payload_len);

// The whole frame as bytes.
std::string encode(const Frame& frame);
std::string encode(uint8_t flags, uint8_t stream_bits, std::span<const uint32_t> options,
                   std::string_view payload);

// Convenience builders for the frames the server sends.
std::string encode_control(std::string_view json);     // flags CONTROL|JSON, no options
std::string encode_stream_signal(uint8_t stream_bits); // header-only STOP / PONG
std::string encode_job(uint8_t flags, std::string_view context, std::string_view body);

enum class DecodeError {
    none,
    bad_header_length, // HL < 3 or HL > 13
    crc_mismatch,      // bytes 0..5 do not match bytes 6..9: not a frame (garbage on the channel)
    payload_too_large, // larger than the reader's configured limit
    missing_script,    // the channel starts with PHP's "Could not open input file"
};

const char* describe(DecodeError e);

struct FrameHeader {
    uint8_t flags = 0;
    uint8_t stream = 0;
    uint32_t payload_len = 0;
    uint8_t option_count = 0;
};

// Validates the first 12 bytes of a frame.
DecodeError parse_header(const uint8_t* p, FrameHeader& out, uint32_t max_payload);

// Incremental decoder: feed it bytes as they arrive, take complete frames out.
class FrameDecoder {
public:
    explicit FrameDecoder(uint32_t max_payload = 0xffffffffu) : max_payload_(max_payload) {}

    enum class Result { need_more, frame, error };

    // Appends bytes to the internal buffer.
    void feed(const char* data, std::size_t len) { buf_.append(data, len); }
    void feed(std::string_view s) { buf_.append(s); }

    // Extracts the next complete frame into `out`.
    Result next(Frame& out);

    DecodeError error() const { return error_; }
    // On error: the bytes that did not form a frame (for diagnostics, e.g. PHP output on stdout).
    std::string_view garbage() const { return buf_; }
    std::size_t buffered() const { return buf_.size() - pos_; }
    // How many more bytes would complete the frame being read (0 if unknown or none pending).
    std::size_t bytes_wanted() const;

private:
    std::string buf_;
    std::size_t pos_ = 0;
    uint32_t max_payload_;
    DecodeError error_ = DecodeError::none;
};

} // namespace rr::goridge
