// Small ASCII text helpers shared by the payload codecs, the server and the SAPI (header-only).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace rr::text {

// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

inline std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

inline std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return out;
}

// The value of a hex digit, or -1.
inline int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// The extension of a file name or path, lower case with its dot ("" when none), from the last
// '/'- or '\'-separated segment, as Go's filepath.Ext gives it to RoadRunner (".env" is ".env").
inline std::string file_extension(std::string_view name) {
    if (const auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) {
        name.remove_prefix(slash + 1);
    }
    const auto dot = name.rfind('.');
    return dot == std::string_view::npos ? std::string() : lower(name.substr(dot));
}

// RoadRunner's forbid / allow extension lists (lower case, with the dot): a forbidden extension
// is refused; a non-empty allow list accepts only its extensions. Forbid wins.
inline bool extension_permitted(const std::string& ext, const std::vector<std::string>& forbid,
                                const std::vector<std::string>& allow) {
    if (std::find(forbid.begin(), forbid.end(), ext) != forbid.end()) {
        return false;
    }
    return allow.empty() || std::find(allow.begin(), allow.end(), ext) != allow.end();
}

} // namespace rr::text
