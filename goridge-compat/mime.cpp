#include "mime.hpp"

#include "goridge-compat/text.hpp"

#include <algorithm>
#include <string>

namespace rr::http {
namespace {

struct Entry {
    std::string_view ext;
    std::string_view type;
};

// Sorted by extension (checked by the unit test) for a binary search.
constexpr Entry kTypes[] = {
    {".7z", "application/x-7z-compressed"},
    {".aac", "audio/aac"},
    {".apng", "image/apng"},
    {".atom", "application/atom+xml"},
    {".avif", "image/avif"},
    {".bmp", "image/x-ms-bmp"},
    {".bz2", "application/x-bzip2"},
    {".css", "text/css"},
    {".csv", "text/csv; charset=utf-8"},
    {".doc", "application/msword"},
    {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {".eot", "application/vnd.ms-fontobject"},
    {".epub", "application/epub+zip"},
    {".flac", "audio/flac"},
    {".gif", "image/gif"},
    {".gz", "application/gzip"},
    {".htm", "text/html"},
    {".html", "text/html"},
    {".ico", "image/x-icon"},
    {".ics", "text/calendar; charset=utf-8"},
    {".jpeg", "image/jpeg"},
    {".jpg", "image/jpeg"},
    {".js", "application/javascript"},
    {".json", "application/json"},
    {".jsonld", "application/ld+json"},
    {".m4a", "audio/x-m4a"},
    {".map", "application/json"},
    {".md", "text/markdown; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".mp3", "audio/mpeg"},
    {".mp4", "video/mp4"},
    {".mpeg", "video/mpeg"},
    {".oga", "audio/ogg"},
    {".ogg", "audio/ogg"},
    {".ogv", "video/ogg"},
    {".otf", "font/otf"},
    {".pdf", "application/pdf"},
    {".png", "image/png"},
    {".rss", "application/rss+xml"},
    {".rtf", "application/rtf"},
    {".svg", "image/svg+xml"},
    {".tar", "application/x-tar"},
    {".tif", "image/tiff"},
    {".tiff", "image/tiff"},
    {".ttf", "font/ttf"},
    {".txt", "text/plain"},
    {".wasm", "application/wasm"},
    {".wav", "audio/wav"},
    {".weba", "audio/webm"},
    {".webm", "video/webm"},
    {".webmanifest", "application/manifest+json"},
    {".webp", "image/webp"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".xhtml", "application/xhtml+xml"},
    {".xls", "application/vnd.ms-excel"},
    {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {".xml", "text/xml"},
    {".xz", "application/x-xz"},
    {".yaml", "text/yaml; charset=utf-8"},
    {".yml", "text/yaml; charset=utf-8"},
    {".zip", "application/zip"},
    {".zst", "application/zstd"},
};

} // namespace

std::string_view mime_type(std::string_view ext) {
    const std::string lower = text::lower(ext);
    const auto it = std::lower_bound(std::begin(kTypes), std::end(kTypes), lower,
                                     [](const Entry& e, const std::string& x) { return e.ext < x; });
    if (it != std::end(kTypes) && it->ext == lower) {
        return it->type;
    }
    return "application/octet-stream";
}

bool mime_table_sorted() {
    return std::is_sorted(std::begin(kTypes), std::end(kTypes),
                          [](const Entry& a, const Entry& b) { return a.ext < b.ext; });
}

} // namespace rr::http
