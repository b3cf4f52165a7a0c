#include "duration.hpp"

#include <cctype>
#include <string>

namespace rr {

std::optional<Duration> parse_duration(std::string_view s) {
    if (s.empty()) {
        return std::nullopt;
    }
    double total_ns = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t start = i;
        while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) {
            ++i;
        }
        if (i == start) {
            return std::nullopt;
        }
        const double value = std::stod(std::string(s.substr(start, i - start)));
        const std::size_t ustart = i;
        while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) {
            ++i;
        }
        const std::string_view unit = s.substr(ustart, i - ustart);
        double mult;
        if (unit == "ns")
            mult = 1;
        else if (unit == "us" || unit == "µs")
            mult = 1e3;
        else if (unit == "ms")
            mult = 1e6;
        else if (unit == "s")
            mult = 1e9;
        else if (unit == "m")
            mult = 60e9;
        else if (unit == "h")
            mult = 3600e9;
        else
            return std::nullopt;
        total_ns += value * mult;
    }
    return Duration(static_cast<Duration::rep>(total_ns / 1e6));
}

std::optional<uint64_t> parse_size(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        ++i;
    }
    if (i == 0 || i > 18) {
        return std::nullopt;
    }
    const uint64_t value = std::stoull(std::string(s.substr(0, i)));
    std::string unit;
    for (char c : s.substr(i)) {
        if (c != ' ')
            unit.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    if (unit.empty() || unit == "B")
        return value;
    if (unit == "K" || unit == "KB")
        return value << 10;
    if (unit == "M" || unit == "MB")
        return value << 20;
    if (unit == "G" || unit == "GB")
        return value << 30;
    return std::nullopt;
}

} // namespace rr
