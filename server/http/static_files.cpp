#include "static_files.hpp"

#include "goridge-compat/file_conditions.hpp"
#include "goridge-compat/mime.hpp"
#include "goridge-compat/text.hpp"
#include "server/http/header_list.hpp"
#include "server/http/response.hpp"

#include <spdlog/spdlog.h>
#include <zlib.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace rr::http {
namespace asio = boost::asio;

namespace {

// Compressing a static file reads it whole into memory: only files up to this size are compressed.
constexpr uint64_t kMaxCompressedFile = 8u << 20;
constexpr std::size_t kMaxCrcCache = 10000;

// Names one version of one file (device, inode, size, change times): the key of what is computed
// from a file's content once (its CRC32 ETag, its compressed forms).
std::string file_version(const struct stat& st) {
    char key[128];
    std::snprintf(
        key, sizeof key, "%lx:%lx:%lx:%lx.%lx:%lx.%lx", static_cast<unsigned long>(st.st_dev),
        static_cast<unsigned long>(st.st_ino), static_cast<unsigned long>(st.st_size),
        static_cast<unsigned long>(st.st_mtim.tv_sec), static_cast<unsigned long>(st.st_mtim.tv_nsec),
        static_cast<unsigned long>(st.st_ctim.tv_sec), static_cast<unsigned long>(st.st_ctim.tv_nsec));
    return key;
}

bool read_whole(int fd, uint64_t size, std::string& out) {
    out.resize(size);
    uint64_t done = 0;
    while (done < size) {
        const ssize_t n = ::pread(fd, out.data() + done, size - done, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        done += static_cast<uint64_t>(n);
    }
    return true;
}

} // namespace

StaticFiles::StaticFiles(Options o)
    : opts_(std::move(o)), paths_(PathResolver::Options{opts_.dir, opts_.deny_dotfiles, opts_.symlinks}) {}

bool StaticFiles::extension_served(std::string_view rel) const {
    return text::extension_permitted(text::file_extension(rel), opts_.forbid, opts_.allow);
}

std::string StaticFiles::etag_for(int fd, const struct stat& st) {
    if (opts_.etag == Etag::mtime) {
        return mtime_etag(st, opts_.weak);
    }
    if (opts_.etag != Etag::crc32) {
        return {};
    }
    const std::string key = file_version(st);
    uint32_t crc = 0;
    if (const auto it = crc_cache_.find(key); it != crc_cache_.end()) {
        crc = it->second;
    } else {
        uLong c = crc32(0L, Z_NULL, 0);
        static char chunk[64 * 1024];
        off_t off = 0;
        for (;;) {
            const ssize_t n = ::pread(fd, chunk, sizeof chunk, off);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                break;
            }
            c = crc32(c, reinterpret_cast<const Bytef*>(chunk), static_cast<uInt>(n));
            off += n;
        }
        crc = static_cast<uint32_t>(c);
        if (crc_cache_.size() >= kMaxCrcCache) {
            crc_cache_.clear();
        }
        crc_cache_.emplace(key, crc);
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s\"%x-%lx\"", opts_.weak ? "W/" : "", crc,
                  static_cast<unsigned long>(st.st_size));
    return buf;
}

asio::awaitable<void> StaticFiles::serve(const Request& req, Resolved& r, ResponseWriter& out,
                                         const Middleware& mw) {
    Kind k = paths_.open(r); // (resolved with Open::no: it may have been removed or replaced since)
    if (k == Kind::file && opts_.reader && !mode_lets_read(r.st, *opts_.reader)) {
        k = Kind::forbidden;
    }
    if (k != Kind::file) {
        co_await respond_text(out, k == Kind::forbidden ? 403 : 404,
                              k == Kind::forbidden ? "forbidden\n" : "not found\n");
        co_return;
    }
    FileResponse fr;
    fr.req = &req;
    fr.file = &r.file;
    fr.st = r.st;
    fr.path = r.rel;
    for (const auto& [name, value] : opts_.response_headers) {
        set_header(fr.headers, name, value);
    }
    fr.etag = etag_for(r.file.get(), r.st);
    co_await send_file_response(fr, out, mw);
}

asio::awaitable<void> send_file_response(FileResponse& fr, ResponseWriter& out, const Middleware& mw) {
    const Request& req = *fr.req;
    goridge::HeaderList& h = fr.headers;
    const auto size = static_cast<uint64_t>(fr.st.st_size);
    if (header_value(h, "Content-Type").empty()) {
        set_header(h, "Content-Type", std::string(mime_type(text::file_extension(fr.path))));
    }
    const bool plain = fr.status == 200;
    if (plain && header_value(h, "Last-Modified").empty()) {
        set_header(h, "Last-Modified", format_http_date(fr.st.st_mtime));
    }
    if (!fr.etag.empty()) {
        set_header(h, "ETag", fr.etag);
    }
    if (plain) {
        set_header(h, "Accept-Ranges", "bytes");
    }
    if (!fr.decorated) {
        mw.decorate(req, h);
    }
    remove_header(h, "Content-Length");
    int status = fr.status;

    if (plain) {
        if (not_modified(req.header("If-None-Match"), req.header("If-Modified-Since"), fr.etag,
                         fr.st.st_mtime)) {
            remove_header(h, "Content-Type");
            remove_header(h, "Accept-Ranges");
            out.start(304, h, std::nullopt);
            co_return;
        }
    }

    uint64_t start = 0;
    uint64_t len = size;
    std::vector<ByteRange> ranges;
    if (const auto range = req.header("Range"); plain && !range.empty()) {
        if (if_range_holds(req.header("If-Range"), fr.etag, fr.st.st_mtime)) {
            switch (parse_ranges(range, size, ranges)) {
            case RangeResult::ok:
                status = 206;
                if (ranges.size() == 1) {
                    start = ranges[0].start;
                    len = ranges[0].len;
                    set_header(h, "Content-Range",
                               "bytes " + std::to_string(start) + "-" + std::to_string(start + len - 1) +
                                   "/" + std::to_string(size));
                }
                break;
            case RangeResult::unsatisfiable:
                set_header(h, "Content-Range", "bytes */" + std::to_string(size));
                set_header(h, "Content-Type", "text/plain; charset=utf-8");
                out.start(416, h, 0);
                co_return;
            case RangeResult::none:
                ranges.clear();
                break;
            }
        }
    }

    if (status == 206 && ranges.size() > 1) {
        // multipart/byteranges: each part with its own Content-Type and Content-Range.
        char boundary[40];
        static uint64_t counter = 0;
        std::snprintf(boundary, sizeof boundary, "rr-php-%016lx%08lx",
                      static_cast<unsigned long>(fr.st.st_ino ^ (++counter << 20)),
                      static_cast<unsigned long>(fr.st.st_mtim.tv_nsec));
        const std::string type(header_value(h, "Content-Type"));
        std::vector<std::string> part_heads;
        uint64_t total = 0;
        for (const auto& r : ranges) {
            std::string ph = "\r\n--";
            ph.append(boundary).append("\r\nContent-Type: ").append(type);
            ph.append("\r\nContent-Range: bytes ")
                .append(std::to_string(r.start))
                .append("-")
                .append(std::to_string(r.start + r.len - 1))
                .append("/")
                .append(std::to_string(size))
                .append("\r\n\r\n");
            total += ph.size() + r.len;
            part_heads.push_back(std::move(ph));
        }
        const std::string closing = std::string("\r\n--") + boundary + "--\r\n";
        total += closing.size();
        set_header(h, "Content-Type", std::string("multipart/byteranges; boundary=") + boundary);
        bool ok = out.start(206, h, total);
        if (req.head()) {
            co_return;
        }
        for (std::size_t i = 0; ok && i < ranges.size(); ++i) {
            ok = co_await out.body(part_heads[i], {}, false);
            if (ok) {
                ok = co_await out.file(fr.file->get(), ranges[i].start, ranges[i].len, false);
            }
        }
        if (ok) {
            co_await out.body(closing, {}, true);
        }
        co_return;
    }

    if (status != 206 && status_has_body(status)) {
        const Encoding enc = mw.encoding_for(req, h, size);
        std::shared_ptr<const std::string> packed;
        if (enc != Encoding::identity && size <= kMaxCompressedFile) {
            // Compressed once per file version and encoding, then served from memory: the network
            // thread does not compress the same file again for every client.
            const std::string key = file_version(fr.st) + ":" + encoding_name(enc);
            packed = mw.cached_compressed(key);
            std::string whole;
            if (!packed && read_whole(fr.file->get(), size, whole)) {
                packed = mw.cache_compressed(key, compress(enc, whole));
            }
        }
        if (packed) {
            Middleware::mark_encoded(h, enc);
            const bool sent = out.start(status, h, packed->size());
            if (sent) {
                co_await out.body(*packed, {}, true);
            }
            co_return;
        }
    }
    if (!status_has_body(status)) {
        out.start(status, h, std::nullopt);
        co_return;
    }
    const bool sent = out.start(status, h, len);
    if (!sent || req.head() || len == 0) {
        co_return;
    }
    co_await out.file(fr.file->get(), start, len, true);
}

} // namespace rr::http
