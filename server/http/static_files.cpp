#include "static_files.hpp"

#include "goridge-compat/text.hpp"
#include "server/http/header_list.hpp"
#include "server/http/mime.hpp"
#include "server/http/response.hpp"

#include <spdlog/spdlog.h>
#include <zlib.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdexcept>
#include <sys/syscall.h>
#include <unistd.h>

namespace rr::http {
namespace asio = boost::asio;

namespace {

// Compressing a static file reads it whole into memory: only files up to this size are compressed.
constexpr uint64_t kMaxCompressedFile = 8u << 20;
constexpr std::size_t kMaxCrcCache = 10000;

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

enum class RangeResult { none, ok, unsatisfiable };

struct ByteRange {
    uint64_t start;
    uint64_t len;
};

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

// "bytes=" and one or more range-specs. Anything malformed makes the whole header ignored (the
// whole file is sent, as RFC 9110 allows); so do more than kMaxRanges ranges or ranges adding up
// to more than twice the file (a client asking for the same bytes over and over).
constexpr std::size_t kMaxRanges = 32;
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

StaticFiles::StaticFiles(Options o) : opts_(std::move(o)) {
    char real[PATH_MAX];
    if (::realpath(opts_.dir.c_str(), real) == nullptr) {
        throw std::runtime_error(opts_.dir + ": " + std::strerror(errno));
    }
    dir_ = real;
    dir_fd_ = ::open(dir_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd_ < 0) {
        throw std::runtime_error(dir_ + ": " + std::strerror(errno));
    }
}

StaticFiles::~StaticFiles() {
    if (dir_fd_ >= 0) {
        ::close(dir_fd_);
    }
}

StaticFiles::Resolved StaticFiles::resolve(std::string_view target, Open open) const {
    Resolved r;
    std::string decoded;
    if (!decode_target_path(target, decoded)) {
        r.kind = Kind::bad_request;
        return r;
    }
    std::string rel;
    std::size_t i = 0;
    while (i <= decoded.size()) {
        const auto slash = decoded.find('/', i);
        const std::string_view seg =
            std::string_view(decoded).substr(i, slash == std::string::npos ? std::string::npos : slash - i);
        i = slash == std::string::npos ? decoded.size() + 1 : slash + 1;
        if (seg.empty() || seg == ".") {
            continue;
        }
        if (seg == ".." || (opts_.deny_dotfiles && seg.front() == '.' && seg != ".well-known")) {
            r.kind = Kind::forbidden;
            return r;
        }
        rel.push_back('/');
        rel.append(seg);
    }
    Resolved out = resolve_path(rel.empty() ? "/" : rel, open);
    out.trailing_slash = !rel.empty() && decoded.ends_with("/");
    if (out.trailing_slash && out.kind == Kind::file) {
        out.kind = Kind::none; // "file.txt/" names no file
        out.file = FileHandle();
    }
    return out;
}

namespace {

constexpr int kOpenFlags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;

// Opens `sub` below `dir_fd` one component at a time, refusing (EACCES) a symbolic link whose
// owner is not its target's owner: nginx's disable_symlinks if_not_owner.
long open_if_owner(int dir_fd, const std::string& sub) {
    int at = ::fcntl(dir_fd, F_DUPFD_CLOEXEC, 3);
    std::size_t i = 0;
    while (at >= 0) {
        const auto slash = sub.find('/', i);
        const std::string comp = sub.substr(i, slash == std::string::npos ? std::string::npos : slash - i);
        const bool last = slash == std::string::npos;
        struct stat link {};
        if (::fstatat(at, comp.c_str(), &link, AT_SYMLINK_NOFOLLOW) != 0) {
            ::close(at);
            return -1;
        }
        if (S_ISLNK(link.st_mode)) {
            struct stat target {};
            if (::fstatat(at, comp.c_str(), &target, 0) != 0) {
                ::close(at);
                return -1; // dangling (ENOENT) or a loop (ELOOP)
            }
            if (target.st_uid != link.st_uid) {
                ::close(at);
                errno = EACCES;
                return -1;
            }
        }
        const int next = ::openat(at, comp.c_str(), last ? kOpenFlags : (O_PATH | O_DIRECTORY | O_CLOEXEC));
        const int saved = errno;
        ::close(at);
        errno = saved;
        if (last) {
            return next;
        }
        at = next;
        i = slash + 1;
    }
    return -1;
}

} // namespace

long StaticFiles::open_below(const std::string& sub) const {
    if (opts_.symlinks == Symlinks::off) {
        return ::openat(dir_fd_, sub.c_str(), kOpenFlags); // the URL path holds no ".." by now
    }
    if (opts_.symlinks == Symlinks::if_not_owner) {
        return sub == "." ? ::openat(dir_fd_, ".", kOpenFlags) : open_if_owner(dir_fd_, sub);
    }
    open_how how{};
    how.flags = kOpenFlags;
    how.resolve =
        RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | (opts_.symlinks == Symlinks::on ? RESOLVE_NO_SYMLINKS : 0);
    long fd = ::syscall(SYS_openat2, dir_fd_, sub.c_str(), &how, sizeof how);
    if (fd < 0 && (errno == ENOSYS || errno == EPERM)) {
        // No openat2 (an old kernel, or a sandbox that filters it): resolve by hand, then check.
        char real[PATH_MAX];
        const std::string full = dir_ + "/" + sub;
        if (::realpath(full.c_str(), real) == nullptr) {
            fd = -1;
        } else if (std::string_view(real) != dir_ && !std::string_view(real).starts_with(dir_ + "/")) {
            errno = EXDEV;
            fd = -1;
        } else if (opts_.symlinks == Symlinks::on && std::string_view(real) != (sub == "." ? dir_ : full)) {
            errno = ELOOP; // a symbolic link somewhere on the way
            fd = -1;
        } else {
            fd = ::open(real, kOpenFlags);
        }
    }
    return fd;
}

namespace {

// The path below the directory that openat/fstatat take: "/a/b" -> "a/b", "/" -> ".".
std::string below(const std::string& rel) {
    return rel == "/" ? "." : rel.substr(rel.starts_with("/") ? 1 : 0);
}

StaticFiles::Kind kind_of(const struct stat& st) {
    if (S_ISREG(st.st_mode)) {
        return StaticFiles::Kind::file;
    }
    if (S_ISDIR(st.st_mode)) {
        return StaticFiles::Kind::directory;
    }
    return StaticFiles::Kind::none; // devices, FIFOs, sockets are never served
}

// A refused link (EXDEV: out of the root; ELOOP: a link where none may be, or a loop; EACCES: not
// the owner's, or no permission) is 403; a missing file or a dangling link is not there at all.
StaticFiles::Kind kind_of_error(int err) {
    return err == EXDEV || err == EACCES || err == ELOOP ? StaticFiles::Kind::forbidden
                                                         : StaticFiles::Kind::none;
}

} // namespace

StaticFiles::Resolved StaticFiles::resolve_path(const std::string& rel, Open open) const {
    Resolved r;
    r.rel = rel;
    const std::string sub = below(rel);
    if (open == Open::no && opts_.symlinks == Symlinks::off) {
        // Every link is followed in this mode and the path holds no "..": what fstatat sees is
        // what openat would open.
        r.kind = ::fstatat(dir_fd_, sub.c_str(), &r.st, 0) == 0 ? kind_of(r.st) : kind_of_error(errno);
        return r;
    }
    const long fd = open_below(sub);
    if (fd < 0) {
        r.kind = kind_of_error(errno);
        return r;
    }
    r.file = FileHandle(static_cast<int>(fd));
    if (::fstat(r.file.get(), &r.st) != 0) {
        r.kind = Kind::none;
        return r;
    }
    r.kind = kind_of(r.st);
    return r;
}

bool StaticFiles::extension_served(std::string_view rel) const {
    return text::extension_permitted(text::file_extension(rel), opts_.forbid, opts_.allow);
}

std::string StaticFiles::etag_for(int fd, const struct stat& st) {
    char buf[64];
    if (opts_.etag == Etag::mtime) {
        std::snprintf(buf, sizeof buf, "%s\"%lx-%lx\"", opts_.weak ? "W/" : "",
                      static_cast<unsigned long>(st.st_mtime), static_cast<unsigned long>(st.st_size));
        return buf;
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
    std::snprintf(buf, sizeof buf, "%s\"%x-%lx\"", opts_.weak ? "W/" : "", crc,
                  static_cast<unsigned long>(st.st_size));
    return buf;
}

asio::awaitable<void> StaticFiles::serve(const Request& req, Resolved& r, ResponseWriter& out,
                                         const Middleware& mw) {
    if (!r.file) {
        // Resolved with Open::no: open it now, and serve what was opened (it may have changed).
        const long fd = open_below(below(r.rel));
        const Kind kind = fd < 0 ? kind_of_error(errno) : Kind::none;
        if (fd >= 0) {
            r.file = FileHandle(static_cast<int>(fd));
        }
        if (!r.file || ::fstat(r.file.get(), &r.st) != 0 || kind_of(r.st) != Kind::file) {
            co_await respond_text(out, kind == Kind::forbidden ? 403 : 404,
                                  kind == Kind::forbidden ? "forbidden\n" : "not found\n");
            co_return;
        }
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
        bool not_modified = false;
        if (const auto inm = req.header("If-None-Match"); !inm.empty()) {
            not_modified = etag_matches(inm, fr.etag);
        } else if (const auto ims = parse_http_date(req.header("If-Modified-Since"))) {
            not_modified = fr.st.st_mtime <= *ims;
        }
        if (not_modified) {
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
        bool if_range_ok = true;
        if (const auto ir = text::trim(req.header("If-Range")); !ir.empty()) {
            if (ir.starts_with("\"") || ir.starts_with("W/")) {
                if_range_ok = !ir.starts_with("W/") && !fr.etag.empty() && ir == fr.etag; // strong only
            } else {
                const auto d = parse_http_date(ir);
                if_range_ok = d && *d == fr.st.st_mtime;
            }
        }
        if (if_range_ok) {
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
