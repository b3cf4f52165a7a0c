#include "server/core/duration.hpp"

#include <gtest/gtest.h>

namespace rr {
namespace {
using namespace std::chrono_literals;

TEST(Duration, ParsesGoStyleDurations) {
    EXPECT_EQ(parse_duration("30s"), Duration(30s));
    EXPECT_EQ(parse_duration("250ms"), Duration(250ms));
    EXPECT_EQ(parse_duration("1m30s"), Duration(90s));
    EXPECT_EQ(parse_duration("2h"), Duration(2h));
    EXPECT_EQ(parse_duration("1.5s"), Duration(1500ms));
}

TEST(Duration, RejectsBareNumbersAndUnknownUnits) {
    EXPECT_FALSE(parse_duration("30"));
    EXPECT_FALSE(parse_duration(""));
    EXPECT_FALSE(parse_duration("10days"));
    EXPECT_FALSE(parse_duration("s"));
}

TEST(Size, ParsesUnits) {
    EXPECT_EQ(parse_size("512"), 512u);
    EXPECT_EQ(parse_size("8KB"), 8u * 1024);
    EXPECT_EQ(parse_size("1mb"), 1u << 20);
    EXPECT_EQ(parse_size("2G"), 2ull << 30);
    EXPECT_FALSE(parse_size("lots"));
    EXPECT_FALSE(parse_size("5XB"));
}

} // namespace
} // namespace rr
