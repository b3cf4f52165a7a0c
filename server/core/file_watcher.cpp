#include "file_watcher.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sys/inotify.h>

namespace rr {
namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

constexpr uint32_t kEvents =
    IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_ATTRIB;

} // namespace

FileWatcher::FileWatcher(asio::io_context& io, Options options,
                         std::function<void(const std::string&, std::size_t)> on_change)
    : options_(std::move(options)), on_change_(std::move(on_change)), inotify_(io), debounce_(io) {}

bool FileWatcher::start(std::string& error) {
    const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) {
        error = std::string("inotify_init1: ") + std::strerror(errno);
        return false;
    }
    inotify_.assign(fd);
    for (const auto& d : options_.dirs) {
        std::error_code ec;
        const fs::path abs = fs::absolute(d, ec).lexically_normal();
        if (ec || !fs::is_directory(abs, ec)) {
            error = "reload: '" + abs.string() + "' is not a directory";
            return false;
        }
        std::string dir = abs.string();
        if (dir.size() > 1 && dir.back() == '/') {
            dir.pop_back();
        }
        if (!add_tree(dir, error, false)) {
            return false;
        }
    }
    asio::co_spawn(inotify_.get_executor(), read_loop(), asio::detached);
    return true;
}

void FileWatcher::stop() {
    boost::system::error_code ec;
    inotify_.close(ec);
    debounce_.cancel();
}

bool FileWatcher::ignored(const std::string& path) const {
    const fs::path p(path);
    for (const auto& i : options_.ignore) {
        if (p.filename() == i || p == fs::absolute(i).lexically_normal()) {
            return true;
        }
    }
    return false;
}

bool FileWatcher::matches(const std::string& name) const {
    if (options_.patterns.empty()) {
        return true;
    }
    for (const auto& p : options_.patterns) {
        if (name.size() >= p.size() && name.compare(name.size() - p.size(), p.size(), p) == 0) {
            return true;
        }
    }
    return false;
}

bool FileWatcher::add_tree(const std::string& dir, std::string& error, bool report_files) {
    if (ignored(dir)) {
        return true;
    }
    const int wd = ::inotify_add_watch(inotify_.native_handle(), dir.c_str(), kEvents | IN_ONLYDIR);
    if (wd < 0) {
        if (errno == ENOSPC) {
            error = "reload: cannot watch " + dir +
                    ": the inotify watch limit is reached (raise fs.inotify.max_user_watches, or list "
                    "large directories such as vendor in reload.plugins.http.ignore)";
        } else {
            error = "reload: cannot watch " + dir + ": " + std::strerror(errno);
        }
        return false;
    }
    dirs_[wd] = dir;
    if (!options_.recursive) {
        return true;
    }
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, fs::directory_options::skip_permission_denied, ec)) {
        std::error_code e2;
        if (entry.is_directory(e2) && !entry.is_symlink(e2)) {
            if (!add_tree(entry.path().string(), error, report_files)) {
                return false;
            }
        } else if (report_files && matches(entry.path().filename().string())) {
            changed(entry.path().string()); // written before its new directory was watched
        }
    }
    return true;
}

asio::awaitable<void> FileWatcher::read_loop() {
    for (;;) {
        co_await inotify_.async_wait(asio::posix::stream_descriptor::wait_read,
                                     asio::as_tuple(asio::use_awaitable));
        if (!inotify_.is_open()) {
            co_return;
        }
        read_events();
    }
}

void FileWatcher::read_events() {
    alignas(inotify_event) char buf[16 * 1024];
    for (;;) {
        const ssize_t n = ::read(inotify_.native_handle(), buf, sizeof buf);
        if (n <= 0) {
            return;
        }
        for (ssize_t off = 0; off < n;) {
            const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
            off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
            const auto it = dirs_.find(ev->wd);
            if (it == dirs_.end()) {
                continue;
            }
            if ((ev->mask & IN_IGNORED) != 0) {
                dirs_.erase(it);
                continue;
            }
            const std::string name = ev->len > 0 ? std::string(ev->name) : std::string();
            const std::string path = name.empty() ? it->second : it->second + "/" + name;
            if ((ev->mask & IN_ISDIR) != 0) {
                if ((ev->mask & (IN_CREATE | IN_MOVED_TO)) != 0 && options_.recursive) {
                    std::string error;
                    add_tree(path, error, true); // a new directory: watched from now on
                }
                continue;
            }
            if (!name.empty() && matches(name)) {
                changed(path);
            }
        }
    }
}

void FileWatcher::changed(const std::string& path) {
    if (pending_++ == 0) {
        first_ = path;
    }
    debounce_.expires_after(options_.quiet);
    debounce_.async_wait([this](const boost::system::error_code& ec) {
        if (ec || pending_ == 0) {
            return;
        }
        const std::size_t n = pending_;
        pending_ = 0;
        on_change_(first_, n);
    });
}

} // namespace rr
