// RoadRunner's form handling for goridge workers (PROTOCOL.md §3.3-§3.5): url-encoded and multipart
// bodies become a tree of PHP-style bracket names (`a[b][]`), sent as JSON with `parsed: true`;
// uploaded files become a tree of file objects. Plain C++ with no I/O.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace rr::goridge {

// A tree of bracket names. Fields: the last value of a name wins; files: the first wins.
class FormTree {
public:
    // Adds a leaf under `name`; false with `error` when the name is both a value and a branch.
    // Names with more than 127 segments are ignored (true).
    bool add(std::string_view name, boost::json::value leaf, bool first_wins, std::string& error);
    const boost::json::object& root() const { return root_; }
    bool empty() const { return root_.empty(); }

private:
    boost::json::object root_;
};

// Splits `a[b][]` into {"a", "b", ""} as RoadRunner does: spaces are dropped and text after a ']'
// starts a new segment (`arr[c]p` is {"arr", "c", "p"}).
std::vector<std::string> split_form_name(std::string_view name);

// Decodes %XX and '+' (application/x-www-form-urlencoded).
std::string form_unescape(std::string_view s);

// Parses an url-encoded body into `tree`.
bool parse_urlencoded(std::string_view body, FormTree& tree, std::string& error);

struct MultipartPart {
    std::string name;
    std::string filename;
    bool is_file = false; // a filename parameter was present
    std::string content_type;
    std::string_view data;
};

// The boundary parameter of a multipart/form-data Content-Type ("" when missing).
std::string multipart_boundary(std::string_view content_type);

// Splits a multipart/form-data body; false with `error` when it is malformed.
bool parse_multipart(std::string_view body, std::string_view boundary, std::vector<MultipartPart>& parts,
                     std::string& error);

} // namespace rr::goridge
