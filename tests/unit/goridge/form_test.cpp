#include "goridge-compat/form.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace rr::goridge {
namespace {
namespace json = boost::json;

std::string tree_of(std::string_view body) {
    FormTree t;
    std::string error;
    if (!parse_urlencoded(body, t, error)) {
        return "error: " + error;
    }
    return json::serialize(t.root());
}

TEST(FormTree, BracketRulesAsRoadRunner) {
    const std::pair<const char*, const char*> cases[] = {
        {"a=1&b=2", R"({"a":"1","b":"2"})"},
        {"a=1&a=2", R"({"a":"2"})"},                                 // the last value wins
        {"a[]=1&a[]=2", R"({"a":["1","2"]})"},                       // lists
        {"a[x]=1&a[y]=2", R"({"a":{"x":"1","y":"2"}})"},             // sections
        {"a[x][y]=1&a[x][z]=2", R"({"a":{"x":{"y":"1","z":"2"}}})"}, // nesting
        {"a=1&a=", R"({"a":"1"})"},                                  // empty never overwrites non-empty
        {"a+b=c+d&e%5B%5D=%26", R"({"ab":"c d","e":["&"]})"},        // spaces in names dropped, escapes
        {"flag&x=", R"({"flag":"","x":""})"},
        {"arr[c]p=l&arr[c]z=", R"({"arr":{"c":{"p":"l","z":""}}})"}, // text after ']' is a new segment
        {"", "{}"},
    };
    for (const auto& [body, expected] : cases) {
        EXPECT_EQ(tree_of(body), expected) << body;
    }
}

TEST(FormTree, FieldNamesSplitAsRoadRunner) {
    using V = std::vector<std::string>;
    EXPECT_EQ(split_form_name("arr[c]p"), (V{"arr", "c", "p"}));
    EXPECT_EQ(split_form_name("a[b][]"), (V{"a", "b", ""}));
    EXPECT_EQ(split_form_name("a [ b ] [ c ]"), (V{"a", "b", "c"}));
    EXPECT_EQ(split_form_name("a[b"), (V{"a", "b"}));
    EXPECT_EQ(split_form_name("a]b"), (V{"a", "b"}));
    EXPECT_EQ(split_form_name("[x]"), (V{"", "x"}));
    EXPECT_EQ(split_form_name("plain"), (V{"plain"}));
}

TEST(FormTree, ConflictsAreErrors) {
    for (const char* body : {"a=1&a[x]=2", "a[x]=2&a=1", "a[]=1&a[x]=2", "a[]=1&a=2"}) {
        const std::string r = tree_of(body);
        EXPECT_EQ(r.rfind("error: invalid multiple values to key", 0), 0u) << body << " -> " << r;
    }
}

TEST(FormTree, TooManySegmentsAreIgnored) {
    std::string name = "a";
    for (int i = 0; i < 127; ++i) {
        name += "[b]";
    }
    EXPECT_EQ(tree_of(name + "=1&ok=1"), R"({"ok":"1"})");
}

TEST(Multipart, PartsFieldsAndFiles) {
    const std::string body = "--XyZ\r\n"
                             "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
                             "hello\r\n"
                             "--XyZ\r\n"
                             "Content-Disposition: form-data; name=\"files[]\"; filename=\"a.txt\"\r\n"
                             "Content-Type: text/plain\r\n\r\n"
                             "line1\r\nline2\r\n"
                             "--XyZ--\r\n";
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=XyZ"), "XyZ");
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"q b\""), "q b");
    std::vector<MultipartPart> parts;
    std::string error;
    ASSERT_TRUE(parse_multipart(body, "XyZ", parts, error)) << error;
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].name, "title");
    EXPECT_FALSE(parts[0].is_file);
    EXPECT_EQ(parts[0].data, "hello");
    EXPECT_EQ(parts[1].name, "files[]");
    EXPECT_TRUE(parts[1].is_file);
    EXPECT_EQ(parts[1].filename, "a.txt");
    EXPECT_EQ(parts[1].content_type, "text/plain");
    EXPECT_EQ(parts[1].data, "line1\r\nline2");
}

TEST(Multipart, MalformedBodiesAreErrors) {
    const std::pair<const char*, const char*> cases[] = {
        {"no boundary here", "without its boundary"},
        {"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated", "ends inside a part"},
        {"--XyZ\r\nContent-Disposition: form-data; name=\"a\"", "end of its headers"},
        {"--XyZjunk", "malformed multipart delimiter"},
    };
    for (const auto& [body, needle] : cases) {
        std::vector<MultipartPart> parts;
        std::string error;
        EXPECT_FALSE(parse_multipart(body, "XyZ", parts, error)) << body;
        EXPECT_NE(error.find(needle), std::string::npos) << body << " -> " << error;
    }
    std::vector<MultipartPart> parts;
    std::string error;
    EXPECT_FALSE(parse_multipart("--\r\n", "", parts, error));
}

} // namespace
} // namespace rr::goridge
