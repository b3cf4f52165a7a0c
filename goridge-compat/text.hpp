// Small ASCII text helpers shared by the payload codecs, the server and the SAPI (header-only).
#pragma once

#include <algorithm>
#include <filesystem>
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

// ASCII case-insensitive equality (header names, tokens).
inline bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x) ==
                      (y >= 'A' && y <= 'Z' ? y - 'A' + 'a' : y);
           });
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

// `s` in double quotes for a log line: control and non-ASCII bytes as \xNN, cut after `max` bytes.
inline std::string printable(std::string_view s, std::size_t max = 64) {
    static const char* hex = "0123456789abcdef";
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size() && i < max; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
            out.append("\\x").push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    out.append(s.size() > max ? "\"..." : "\"");
    return out;
}

// RFC 9110 tchar: what a method or a header field name is made of.
inline bool is_token_char(unsigned char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

// A non-empty RFC 9110 token: the only valid header field names.
inline bool is_token(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(),
                                     [](char c) { return is_token_char(static_cast<unsigned char>(c)); });
}

// A path for an error message: 'p', and for a relative one also where it resolved to
// ('certs/a.pem' (/srv/app/certs/a.pem)), so the reader sees which directory it was taken from.
inline std::string shown_path(std::string_view p) {
    std::string out = "'" + std::string(p) + "'";
    if (!p.empty() && p.front() != '/') {
        std::error_code ec;
        const auto abs = std::filesystem::absolute(std::filesystem::path(p), ec);
        if (!ec) {
            out += " (" + abs.lexically_normal().string() + ")";
        }
    }
    return out;
}

// `s` without its CR and LF bytes (what goes into a URI or a Location header from a request).
inline std::string without_crlf(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        if (c != '\r' && c != '\n') {
            out.push_back(c);
        }
    }
    return out;
}

// A header field value that cannot end its line or the header block early (no CR, LF or NUL).
inline bool is_field_value(std::string_view s) {
    return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

} // namespace rr::text
