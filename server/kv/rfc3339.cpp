#include "server/kv/rfc3339.hpp"

#include <fmt/format.h>

namespace rr::kv {

namespace {

// Reads exactly `n` digits at `pos`.
bool digits(std::string_view s, size_t& pos, size_t n, int& out) {
    if (pos + n > s.size()) {
        return false;
    }
    int v = 0;
    for (size_t i = 0; i < n; ++i) {
        const char c = s[pos + i];
        if (c < '0' || c > '9') {
            return false;
        }
        v = v * 10 + (c - '0');
    }
    pos += n;
    out = v;
    return true;
}

bool expect(std::string_view s, size_t& pos, char c) {
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

} // namespace

std::optional<Clock::time_point> parse_rfc3339(std::string_view s) {
    using namespace std::chrono;
    size_t pos = 0;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!digits(s, pos, 4, y) || !expect(s, pos, '-') || !digits(s, pos, 2, mo) || !expect(s, pos, '-') ||
        !digits(s, pos, 2, d)) {
        return std::nullopt;
    }
    if (pos >= s.size() || (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')) {
        return std::nullopt;
    }
    ++pos;
    if (!digits(s, pos, 2, h) || !expect(s, pos, ':') || !digits(s, pos, 2, mi) || !expect(s, pos, ':') ||
        !digits(s, pos, 2, sec)) {
        return std::nullopt;
    }
    nanoseconds frac{0};
    if (expect(s, pos, '.')) {
        int64_t scale = 100000000;
        const size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            frac += nanoseconds((s[pos] - '0') * scale);
            scale /= 10;
            ++pos;
        }
        if (pos == start) {
            return std::nullopt;
        }
    }
    minutes offset{0};
    if (expect(s, pos, 'Z') || expect(s, pos, 'z')) {
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        const int sign = s[pos] == '-' ? -1 : 1;
        ++pos;
        int oh = 0, om = 0;
        if (!digits(s, pos, 2, oh) || !expect(s, pos, ':') || !digits(s, pos, 2, om) || oh > 23 || om > 59) {
            return std::nullopt;
        }
        offset = minutes(sign * (oh * 60 + om));
    } else {
        return std::nullopt;
    }
    if (pos != s.size() || h > 23 || mi > 59 || sec > 59) {
        return std::nullopt;
    }
    const year_month_day date{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
    if (!date.ok()) {
        return std::nullopt;
    }
    // In whole seconds first: nanoseconds since 1970 overflow 64 bits past the year 2262. Times the
    // clock cannot hold are held to its ends (far future: as good as never; far past: expired).
    const sys_seconds whole = sys_days(date) + hours(h) + minutes(mi) + seconds(sec) - offset;
    const auto limit = floor<seconds>(Clock::time_point::max()) - seconds(1);
    if (whole >= limit) {
        return time_point_cast<Clock::duration>(limit);
    }
    if (whole <= floor<seconds>(Clock::time_point::min()) + seconds(1)) {
        return Clock::time_point{};
    }
    return time_point_cast<Clock::duration>(whole) + duration_cast<Clock::duration>(frac);
}

std::string format_rfc3339(Clock::time_point t) {
    using namespace std::chrono;
    const auto secs = floor<seconds>(t);
    const auto days = floor<std::chrono::days>(secs);
    const year_month_day date(days);
    const hh_mm_ss<seconds> tod(secs - days);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                       tod.hours().count(), tod.minutes().count(), tod.seconds().count());
}

} // namespace rr::kv
