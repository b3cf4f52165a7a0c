// Conditional and range requests on a file (RFC 9110 §13 and §14): If-None-Match,
// If-Modified-Since, If-Range and Range, for the static files the master serves and those a
// classic-mode worker serves on its own connections (http.pool.dispatch: direct).
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <vector>

namespace rr::http {

// The entity tag of a file version from its modification time and size: "mtime-size" in hex
// (classic mode's document root).
std::string mtime_etag(const struct stat& st, bool weak = false);

// If-None-Match against our tag, with the weak comparison RFC 9110 asks for.
bool etag_matches(std::string_view list, std::string_view etag);

// The client's copy is current: 304. If-None-Match, when present, decides alone.
bool not_modified(std::string_view if_none_match, std::string_view if_modified_since, std::string_view etag,
                  std::time_t mtime);

// An If-Range header (absent, a strong tag, or a date) lets the Range header apply.
bool if_range_holds(std::string_view if_range, std::string_view etag, std::time_t mtime);

enum class RangeResult { none, ok, unsatisfiable };

struct ByteRange {
    uint64_t start;
    uint64_t len;
};

// "bytes=" and one or more range-specs. Anything malformed makes the whole header ignored (the
// whole file is sent, as RFC 9110 allows); so do more than kMaxRanges ranges or ranges adding up
// to more than twice the file (a client asking for the same bytes over and over).
constexpr std::size_t kMaxRanges = 32;
RangeResult parse_ranges(std::string_view v, uint64_t size, std::vector<ByteRange>& out);

} // namespace rr::http
