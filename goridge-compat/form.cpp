#include "form.hpp"
#include "text.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

namespace rr::goridge {
namespace json = boost::json;

namespace {
constexpr std::size_t kMaxSegments = 127;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

// The value of parameter `key` in a header like `form-data; name="a"; filename="b.txt"`.
bool header_param(std::string_view header, std::string_view key, std::string& out) {
    std::size_t i = 0;
    while (i < header.size()) {
        const auto semi = header.find(';', i);
        std::string_view part =
            trim(header.substr(i, semi == std::string_view::npos ? std::string_view::npos : semi - i));
        i = semi == std::string_view::npos ? header.size() : semi + 1;
        const auto eq = part.find('=');
        if (eq == std::string_view::npos || text::lower(trim(part.substr(0, eq))) != key) {
            continue;
        }
        std::string_view v = trim(part.substr(eq + 1));
        out.clear();
        if (!v.empty() && v.front() == '"') {
            for (std::size_t k = 1; k < v.size() && v[k] != '"'; ++k) {
                if (v[k] == '\\' && k + 1 < v.size()) {
                    ++k;
                }
                out += v[k];
            }
        } else {
            out = std::string(v);
        }
        return true;
    }
    return false;
}

} // namespace

std::vector<std::string> split_form_name(std::string_view name) {
    // RoadRunner's reading of a field name: spaces are dropped, '[' and ']' only separate segments,
    // "[]" is an empty segment, and text after a ']' starts a new segment ("arr[c]p" is arr, c, p).
    enum class After { text, open, close } after = After::text;
    std::vector<std::string> segs(1);
    for (char c : name) {
        switch (c) {
        case ' ':
            break;
        case '[':
            after = After::open;
            break;
        case ']':
            if (after == After::open) {
                segs.emplace_back(); // "[]"
            }
            after = After::close;
            break;
        default:
            if (after != After::text) {
                segs.emplace_back();
            }
            segs.back().push_back(c);
            after = After::text;
        }
    }
    return segs;
}

std::string form_unescape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && text::hex_digit(s[i + 1]) >= 0 &&
                   text::hex_digit(s[i + 2]) >= 0) {
            out += static_cast<char>(text::hex_digit(s[i + 1]) * 16 + text::hex_digit(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

bool FormTree::add(std::string_view name, json::value leaf, bool first_wins, std::string& error) {
    const auto segs = split_form_name(name);
    if (segs.empty() || segs[0].empty() || segs.size() > kMaxSegments) {
        return true;
    }
    auto conflict = [&] {
        error = "invalid multiple values to key '" + std::string(name) + "' in the form";
        return false;
    };
    json::value* node = nullptr;
    json::object* obj = &root_;
    json::array* arr = nullptr;
    for (std::size_t i = 0; i + 1 < segs.size(); ++i) {
        const std::string& seg = segs[i];
        const bool next_is_list = segs[i + 1].empty();
        if (arr != nullptr) { // a list element in the middle: a new branch each time
            node =
                &arr->emplace_back(next_is_list ? json::value(json::array()) : json::value(json::object()));
        } else {
            auto it = obj->find(seg);
            if (it == obj->end()) {
                node = &(*obj)[seg];
                *node = next_is_list ? json::value(json::array()) : json::value(json::object());
            } else {
                node = &it->value();
                if (next_is_list ? !node->is_array() : !node->is_object()) {
                    return conflict();
                }
            }
        }
        obj = node->if_object();
        arr = node->if_array();
    }
    const std::string& last = segs.back();
    const bool is_string = leaf.is_string();
    if (arr != nullptr) {
        arr->push_back(std::move(leaf));
        return true;
    }
    auto it = obj->find(last);
    if (it == obj->end()) {
        (*obj)[last] = std::move(leaf);
        return true;
    }
    json::value& existing = it->value();
    // A branch (a list, or a section that is not a file object) cannot also be a value.
    const bool branch =
        existing.is_array() || (existing.is_object() && !existing.as_object().contains("tmpName"));
    if (branch) {
        return conflict();
    }
    if (first_wins) {
        return true;
    }
    if (is_string && leaf.as_string().empty() && existing.is_string() && !existing.as_string().empty()) {
        return true; // empty values never overwrite non-empty ones
    }
    existing = std::move(leaf);
    return true;
}

bool parse_urlencoded(std::string_view body, FormTree& tree, std::string& error) {
    std::size_t i = 0;
    while (i <= body.size()) {
        auto amp = body.find('&', i);
        if (amp == std::string_view::npos) {
            amp = body.size();
        }
        const std::string_view pair = body.substr(i, amp - i);
        i = amp + 1;
        if (pair.empty()) {
            if (amp == body.size()) {
                break;
            }
            continue;
        }
        const auto eq = pair.find('=');
        const std::string key = form_unescape(pair.substr(0, eq));
        const std::string value =
            eq == std::string_view::npos ? std::string() : form_unescape(pair.substr(eq + 1));
        if (!tree.add(key, json::value(value), false, error)) {
            return false;
        }
        if (amp == body.size()) {
            break;
        }
    }
    return true;
}

std::string multipart_boundary(std::string_view content_type) {
    std::string b;
    header_param(content_type, "boundary", b);
    return b;
}

bool parse_multipart(std::string_view body, std::string_view boundary, std::vector<MultipartPart>& parts,
                     std::string& error) {
    if (boundary.empty() || boundary.size() > 200) {
        error = "multipart body without a valid boundary";
        return false;
    }
    const std::string delim = "--" + std::string(boundary);
    std::size_t pos = body.find(delim);
    if (pos == std::string_view::npos) {
        error = "multipart body without its boundary";
        return false;
    }
    pos += delim.size();
    for (;;) {
        if (body.substr(pos, 2) == "--") {
            return true; // the closing delimiter
        }
        if (body.substr(pos, 2) != "\r\n") {
            error = "malformed multipart delimiter";
            return false;
        }
        pos += 2;
        const auto head_end = body.find("\r\n\r\n", pos);
        if (head_end == std::string_view::npos) {
            error = "multipart part without the end of its headers";
            return false;
        }
        MultipartPart part;
        std::string_view headers = body.substr(pos, head_end - pos);
        bool has_disposition = false;
        while (!headers.empty()) {
            const auto eol = headers.find("\r\n");
            const std::string_view line = headers.substr(0, eol);
            headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
            const auto colon = line.find(':');
            if (colon == std::string_view::npos) {
                continue;
            }
            const std::string key = text::lower(trim(line.substr(0, colon)));
            const std::string_view value = trim(line.substr(colon + 1));
            if (key == "content-disposition") {
                has_disposition = true;
                header_param(value, "name", part.name);
                part.is_file = header_param(value, "filename", part.filename);
            } else if (key == "content-type") {
                part.content_type = std::string(value);
            }
        }
        const std::size_t data_start = head_end + 4;
        const auto next = body.find("\r\n" + delim, data_start);
        if (next == std::string_view::npos) {
            error = "multipart body ends inside a part";
            return false;
        }
        part.data = body.substr(data_start, next - data_start);
        if (has_disposition && !part.name.empty()) {
            parts.push_back(std::move(part));
        }
        pos = next + 2 + delim.size();
    }
}

} // namespace rr::goridge
