#include "goridge-compat/control.hpp"

#include <gtest/gtest.h>

namespace rr::goridge {
namespace {

TEST(Control, ParsesPidAndStop) {
    EXPECT_EQ(parse_control(R"({"pid":123})").pid, 123);
    EXPECT_TRUE(parse_control(R"({"stop":true})").stop);
    EXPECT_FALSE(parse_control(R"({"stop":false})").stop);
    EXPECT_TRUE(parse_control(R"({"stop":1})").stop);
}

TEST(Control, RejectsNonObjects) {
    EXPECT_FALSE(parse_control("nonsense").valid);
    EXPECT_FALSE(parse_control("[1,2]").valid);
    EXPECT_TRUE(parse_control("{}").valid);
    EXPECT_EQ(parse_control("{}").pid, 0);
}

TEST(Control, StopReplyNeedsEmptyBody) {
    EXPECT_TRUE(is_stop_reply(R"({"stop":true})", ""));
    EXPECT_FALSE(is_stop_reply(R"({"stop":true})", "x"));
    EXPECT_FALSE(is_stop_reply(R"({"status":200})", ""));
    EXPECT_FALSE(is_stop_reply("", ""));
}

} // namespace
} // namespace rr::goridge
