#include "goridge-compat/control.hpp"
#include "goridge-compat/frame.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rr::goridge {
namespace {

std::string hex(std::string_view bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        if (!out.empty())
            out.push_back(' ');
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

std::string unhex(std::string_view h) {
    std::string out;
    int hi = -1;
    for (char c : h) {
        int v = -1;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        if (v < 0)
            continue;
        if (hi < 0) {
            hi = v;
        } else {
            out.push_back(static_cast<char>(hi * 16 + v));
            hi = -1;
        }
    }
    return out;
}

// The worked examples of PROTOCOL.md §1.10, byte for byte.
TEST(FrameEncode, PidRequestMatchesReferenceBytes) {
    EXPECT_EQ(hex(encode_control(pid_payload(4242))),
              "13 09 0c 00 00 00 5f 0c 46 73 00 00 7b 22 70 69 64 22 3a 34 32 34 32 7d");
}

TEST(FrameEncode, StopControlMatchesReferenceBytes) {
    EXPECT_EQ(hex(encode_control(kStopPayload)),
              "13 09 0d 00 00 00 3a 6b fa cb 00 00 7b 22 73 74 6f 70 22 3a 74 72 75 65 7d");
}

TEST(FrameEncode, PongAndStopSignalsAreHeaderOnly) {
    EXPECT_EQ(hex(encode_stream_signal(stream::kPong)), "13 00 00 00 00 00 96 d1 80 34 08 00");
    EXPECT_EQ(hex(encode_stream_signal(stream::kStop)), "13 00 00 00 00 00 96 d1 80 34 02 00");
}

TEST(FrameEncode, JobCarriesContextLengthAsSingleOption) {
    EXPECT_EQ(hex(encode_job(flag::kCodecJson, R"({"a":1})", "BODY")),
              "14 08 0b 00 00 00 ee 2d f4 ce 00 00 07 00 00 00 7b 22 61 22 3a 31 7d 42 4f 44 59");
}

TEST(FrameEncode, WorkerPidAnswerFromPhpDecodes) {
    FrameDecoder d;
    d.feed(unhex("13 01 09 00 00 00 ac b7 e8 74 00 00 7b 22 70 69 64 22 3a 31 7d"));
    Frame f;
    ASSERT_EQ(d.next(f), FrameDecoder::Result::frame);
    EXPECT_EQ(f.flags, flag::kControl);
    EXPECT_TRUE(f.options.empty());
    EXPECT_EQ(f.payload, R"({"pid":1})");
    EXPECT_EQ(parse_control(f.payload).pid, 1);
}

TEST(FrameEncode, RpcFramesWithTwoOptionsMatchReferenceBytes) {
    const uint32_t opts[] = {7, 14};
    EXPECT_EQ(
        hex(encode(flag::kCodecJson, 0, opts, std::string("resetter.Reset") + "\"http\"")).substr(0, 59),
        "15 08 14 00 00 00 82 b9 d2 0d 00 00 07 00 00 00 0e 00 00 00");
    EXPECT_EQ(hex(encode(flag::kCodecJson | flag::kError, 0, opts, "resetter.Resetboom")).substr(0, 59),
              "15 48 12 00 00 00 17 be 4a 70 00 00 07 00 00 00 0e 00 00 00");
}

TEST(FrameDecode, RoundTripsEveryOptionCount) {
    for (std::size_t n = 0; n <= kMaxOptions; ++n) {
        Frame in;
        in.flags = flag::kCodecProto;
        in.stream = stream::kStream | stream::kPing;
        for (std::size_t i = 0; i < n; ++i)
            in.options.push_back(static_cast<uint32_t>(i * 1000 + 7));
        in.payload = std::string(n * 3, 'x');
        FrameDecoder d;
        d.feed(encode(in));
        Frame out;
        ASSERT_EQ(d.next(out), FrameDecoder::Result::frame) << n;
        EXPECT_EQ(out.flags, in.flags);
        EXPECT_EQ(out.stream, in.stream);
        EXPECT_EQ(out.options, in.options);
        EXPECT_EQ(out.payload, in.payload);
        EXPECT_EQ(d.next(out), FrameDecoder::Result::need_more);
    }
}

TEST(FrameDecode, ByteAtATimeYieldsSameFrames) {
    const std::string a = encode_job(flag::kCodecJson, "{}", "first");
    const std::string b = encode_control(pid_payload(99));
    const std::string all = a + b;
    FrameDecoder d;
    std::vector<Frame> got;
    for (char c : all) {
        d.feed(&c, 1);
        Frame f;
        while (d.next(f) == FrameDecoder::Result::frame)
            got.push_back(f);
    }
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].payload, "{}first");
    EXPECT_EQ(got[0].options, std::vector<uint32_t>{2});
    EXPECT_EQ(got[1].payload, R"({"pid":99})");
}

TEST(FrameDecode, EmptyPayloadIsAllowed) {
    FrameDecoder d;
    d.feed(encode(0, 0, std::vector<uint32_t>{0}, ""));
    Frame f;
    ASSERT_EQ(d.next(f), FrameDecoder::Result::frame);
    EXPECT_TRUE(f.payload.empty());
    EXPECT_EQ(f.options, std::vector<uint32_t>{0});
}

TEST(FrameDecode, GarbageOnStdoutIsACrcMismatchAndKeepsTheText) {
    FrameDecoder d;
    d.feed("Warning: something went wrong in foo.php on line 3\n");
    Frame f;
    EXPECT_EQ(d.next(f), FrameDecoder::Result::error);
    EXPECT_EQ(d.error(), DecodeError::crc_mismatch);
    EXPECT_NE(d.garbage().find("something went wrong"), std::string_view::npos);
}

TEST(FrameDecode, CouldNotOpenInputFileIsReportedAsMissingScript) {
    FrameDecoder d;
    d.feed("Could not open input file: worker.php\n");
    Frame f;
    EXPECT_EQ(d.next(f), FrameDecoder::Result::error);
    EXPECT_EQ(d.error(), DecodeError::missing_script);
}

TEST(FrameDecode, RejectsHeaderLengthOutsideThreeToThirteen) {
    for (uint8_t hl : {0, 1, 2, 14, 15}) {
        std::string bytes = encode_control("{}");
        bytes[0] = static_cast<char>(0x10 | hl);
        // Fix the CRC so only the header length is wrong.
        const uint32_t crc = header_crc(reinterpret_cast<const uint8_t*>(bytes.data()));
        for (int i = 0; i < 4; ++i)
            bytes[6 + i] = static_cast<char>((crc >> (8 * i)) & 0xff);
        FrameDecoder d;
        d.feed(bytes);
        Frame f;
        EXPECT_EQ(d.next(f), FrameDecoder::Result::error) << int(hl);
        EXPECT_EQ(d.error(), DecodeError::bad_header_length) << int(hl);
    }
}

TEST(FrameDecode, RejectsPayloadAboveTheLimitBeforeReadingIt) {
    FrameDecoder d(16);
    const std::string bytes = encode_job(0, "", std::string(17, 'a'));
    d.feed(bytes.substr(0, kHeaderSize));
    Frame f;
    EXPECT_EQ(d.next(f), FrameDecoder::Result::error);
    EXPECT_EQ(d.error(), DecodeError::payload_too_large);
}

TEST(FrameDecode, StreamByteIsNotCoveredByCrc) {
    std::string bytes = encode_job(0, "", "x");
    bytes[10] = static_cast<char>(stream::kStream);
    FrameDecoder d;
    d.feed(bytes);
    Frame f;
    ASSERT_EQ(d.next(f), FrameDecoder::Result::frame);
    EXPECT_TRUE(f.streaming());
}

TEST(FrameDecode, BytesWantedTracksThePendingFrame) {
    const std::string bytes = encode_job(0, "ab", "cdef");
    FrameDecoder d;
    EXPECT_EQ(d.bytes_wanted(), 0u);
    d.feed(bytes.substr(0, 5));
    EXPECT_EQ(d.bytes_wanted(), kHeaderSize - 5);
    d.feed(bytes.substr(5, 12));
    EXPECT_EQ(d.bytes_wanted(), bytes.size() - 17);
}

} // namespace
} // namespace rr::goridge
