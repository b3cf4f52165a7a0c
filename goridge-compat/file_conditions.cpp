#include "file_conditions.hpp"

#include "goridge-compat/http1_response.hpp"
#include "goridge-compat/text.hpp"

#include <algorithm>
#include <cstdio>

namespace rr::http {
namespace {

// One range-spec ("a-b", "a-", "-n").
RangeResult parse_range_spec(std::string_view v, uint64_t size, ByteRange& out) {
    const auto dash = v.find('-');
    if (dash == std::string_view::npos) {
        return RangeResult::none;
    }
    auto number = [](std::string_view s, uint64_t& n) {
        s = text::trim(s);
        if (s.empty() || s.size() > 19) {
            return false;
        }
        n = 0;
        for (char c : s) {
            if (c < '0' || c > '9') {
                return false;
            }
            n = n * 10 + static_cast<uint64_t>(c - '0');
        }
        return true;
    };
    const std::string_view first = v.substr(0, dash);
    const std::string_view last = v.substr(dash + 1);
    uint64_t a = 0;
    uint64_t b = 0;
    if (text::trim(first).empty()) {
        if (!number(last, b)) {
            return RangeResult::none;
        }
        if (b == 0 || size == 0) {
            return RangeResult::unsatisfiable;
        }
        out.len = std::min(b, size);
        out.start = size - out.len;
        return RangeResult::ok;
    }
    if (!number(first, a)) {
        return RangeResult::none;
    }
    if (text::trim(last).empty()) {
        b = UINT64_MAX;
    } else if (!number(last, b) || b < a) {
        return RangeResult::none;
    }
    if (a >= size) {
        return RangeResult::unsatisfiable;
    }
    out.start = a;
    out.len = std::min(b, size - 1) - a + 1;
    return RangeResult::ok;
}

} // namespace

// If-None-Match against our tag, with the weak comparison RFC 9110 asks for.
bool etag_matches(std::string_view list, std::string_view etag) {
    if (etag.empty()) {
        return false;
    }
    auto opaque = [](std::string_view t) { return t.starts_with("W/") ? t.substr(2) : t; };
    const std::string_view ours = opaque(etag);
    while (!list.empty()) {
        const auto comma = list.find(',');
        const std::string_view item = text::trim(list.substr(0, comma));
        if (item == "*" || opaque(item) == ours) {
            return true;
        }
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
    return false;
}

RangeResult parse_ranges(std::string_view v, uint64_t size, std::vector<ByteRange>& out) {
    v = text::trim(v);
    if (!v.starts_with("bytes=")) {
        return RangeResult::none;
    }
    v.remove_prefix(6);
    bool any_spec = false;
    uint64_t total = 0;
    while (!v.empty()) {
        const auto comma = v.find(',');
        const std::string_view spec = text::trim(v.substr(0, comma));
        v = comma == std::string_view::npos ? std::string_view() : v.substr(comma + 1);
        if (spec.empty()) {
            continue; // "bytes=0-1,,2-3": empty list elements are allowed
        }
        any_spec = true;
        ByteRange r{};
        switch (parse_range_spec(spec, size, r)) {
        case RangeResult::none:
            return RangeResult::none;
        case RangeResult::unsatisfiable:
            continue;
        case RangeResult::ok:
            out.push_back(r);
            total += r.len;
            break;
        }
        if (out.size() > kMaxRanges || total > 2 * size + 1) {
            return RangeResult::none;
        }
    }
    if (!any_spec) {
        return RangeResult::none;
    }
    return out.empty() ? RangeResult::unsatisfiable : RangeResult::ok;
}

std::string mtime_etag(const struct stat& st, bool weak) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s\"%lx-%lx\"", weak ? "W/" : "", static_cast<unsigned long>(st.st_mtime),
                  static_cast<unsigned long>(st.st_size));
    return buf;
}

bool not_modified(std::string_view if_none_match, std::string_view if_modified_since, std::string_view etag,
                  std::time_t mtime) {
    if (!if_none_match.empty()) {
        return etag_matches(if_none_match, etag);
    }
    const auto ims = parse_http_date(if_modified_since);
    return ims && mtime <= *ims;
}

bool if_range_holds(std::string_view if_range, std::string_view etag, std::time_t mtime) {
    const auto ir = text::trim(if_range);
    if (ir.empty()) {
        return true;
    }
    if (ir.starts_with("\"") || ir.starts_with("W/")) {
        return !ir.starts_with("W/") && !etag.empty() && ir == etag; // strong comparison only
    }
    const auto d = parse_http_date(ir);
    return d && *d == mtime;
}

} // namespace rr::http
