#include "server/config/config.hpp"
#include "server/config/env.hpp"

#include <gtest/gtest.h>

#include <map>

namespace rr::config {
namespace {

const std::map<std::string, std::string> kEnv = {
    {"HOST", "127.0.0.1"}, {"PORT", "6001"}, {"EMPTY", ""}, {"A", "a"}, {"B", "b"}};

std::optional<std::string> fake_env(const std::string& name) {
    const auto it = kEnv.find(name);
    if (it == kEnv.end()) {
        return std::nullopt;
    }
    return it->second;
}

struct Case {
    const char* input;
    const char* expected;
    const char* why;
};

// RoadRunner's documented forms, and the cases RR's own expand tests pin. Where RR's result is a
// quirk (noted "RR: ..."), rr-php gives the result the value plainly asks for, or an error.
const Case kCases[] = {
    {"tcp://$HOST:$PORT", "tcp://127.0.0.1:6001", "$VAR"},
    {"tcp://${HOST}:${PORT}", "tcp://127.0.0.1:6001", "${VAR}"},
    {"${PORT:-9000}", "6001", "set: the value, not the default"},
    {"${UNSET:-9000}", "9000", "unset: the default"},
    {"${EMPTY:-9000}", "9000", "empty: the default, as in the shell"},
    {"${UNSET}", "", "unset, no default: empty (as RR)"},
    {"$UNSET/x", "/x", "unset $VAR: empty (as RR)"},
    {"price: 5$", "price: 5$", "a lone trailing $ is kept (as RR)"},
    {"pa$$word", "pa$word",
     "RR: '$$' expands to nothing; rr-php: '$$' is a literal '$' (as in docker compose)"},
    {"cost $1", "cost $1", "RR: positional $1 expands to nothing; rr-php keeps it"},
    {"${UNSET:-B:-C}", "B:-C",
     "RR: the whole value collapses to \"\"; rr-php: the default is the text after :-"},
    {"${A:-x}-${B}", "a-b", "RR: a value mixing :- and another ${} collapses to \"\"; rr-php expands both"},
    {"${UNSET:-${HOST}}", "127.0.0.1", "the default is itself expanded"},
    {"no variables", "no variables", "plain text"},
};

TEST(ExpandEnv, Table) {
    for (const auto& c : kCases) {
        EXPECT_EQ(expand_env("key", c.input, fake_env), c.expected) << c.input << " (" << c.why << ")";
    }
}

TEST(ExpandEnv, ErrorsNameTheKeyAndTheValue) {
    // RR silently expands these to "": rr-php says what is wrong instead.
    for (const char* bad : {"${A:=x}", "${A:?x}", "${A:+x}", "${}", "${1}", "x ${HOST"}) {
        try {
            expand_env("rpc.listen", bad, fake_env);
            ADD_FAILURE() << bad << " was accepted";
        } catch (const ConfigError& e) {
            const std::string msg = e.what();
            EXPECT_NE(msg.find("rpc.listen"), std::string::npos) << msg;
            EXPECT_NE(msg.find(bad), std::string::npos) << msg;
        }
    }
}

TEST(Dotenv, ParsesTheUsualForms) {
    const auto vars = parse_dotenv(".env", "# comment\n"
                                           "A=1\n"
                                           "export B = two \n"
                                           "C='single $x # not a comment'\n"
                                           "D=\"line\\nbreak \\\"q\\\"\"\n"
                                           "E=value # comment\n"
                                           "\n"
                                           "F=\n"
                                           "G=\"multi\n"
                                           "line\"\n"
                                           "H=last\r\n");
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"A", "1"},
        {"B", "two"},
        {"C", "single $x # not a comment"},
        {"D", "line\nbreak \"q\""},
        {"E", "value"},
        {"F", ""},
        {"G", "multi\nline"},
        {"H", "last"},
    };
    EXPECT_EQ(vars, expected);
}

TEST(Dotenv, MalformedLinesAreErrorsWithTheLineNumber) {
    const std::pair<const char*, const char*> cases[] = {
        {"A=1\nnot a pair\n", ".env line 2"},
        {"A=1\n1BAD=x\n", ".env line 2"},
        {"A=\"open\n", "no closing"},
        {"A='x' trailing\n", "unexpected"},
    };
    for (const auto& [text, needle] : cases) {
        try {
            parse_dotenv(".env", text);
            ADD_FAILURE() << text << " was accepted";
        } catch (const ConfigError& e) {
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
        }
    }
}

} // namespace
} // namespace rr::config
