// Watches source directories with inotify and reports changes to matching files, debounced: a burst
// of writes (an editor's save, a git checkout) is one report, `quiet` after its last event.
// RoadRunner's `reload` plugin does this by polling; inotify costs nothing while nothing changes.
#pragma once

#include "goridge-compat/file_handle.hpp"
#include "server/core/duration.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace rr {

class FileWatcher {
public:
    struct Options {
        std::vector<std::string> dirs;     // absolute or relative to the working directory
        std::vector<std::string> patterns; // file name endings (".php"); empty: every file
        std::vector<std::string> ignore;   // directory names (or paths) not watched ("vendor")
        bool recursive = true;
        Duration quiet = std::chrono::seconds(1);
    };
    // `on_change` gets the first changed path of a burst and how many changes it held.
    FileWatcher(boost::asio::io_context& io, Options options,
                std::function<void(const std::string& path, std::size_t changes)> on_change);

    // Adds the watches; false with `error` (a missing directory, the inotify watch limit).
    bool start(std::string& error);
    void stop();
    std::size_t watched_dirs() const { return dirs_.size(); }

private:
    // Watches `dir` (and, if recursive, the directories below); `report_files`: the matching files
    // already in it count as changed (a directory that appeared while the server runs).
    bool add_tree(const std::string& dir, std::string& error, bool report_files);
    bool ignored(const std::string& path) const;
    bool matches(const std::string& name) const;
    boost::asio::awaitable<void> read_loop();
    // Reads and handles what inotify has (outside the coroutine: its frame would not keep the
    // buffer aligned for inotify_event).
    void read_events();
    void changed(const std::string& path);

    Options options_;
    std::function<void(const std::string&, std::size_t)> on_change_;
    boost::asio::posix::stream_descriptor inotify_;
    boost::asio::steady_timer debounce_;
    std::unordered_map<int, std::string> dirs_; // watch descriptor -> directory
    std::string first_;
    std::size_t pending_ = 0;
};

} // namespace rr
