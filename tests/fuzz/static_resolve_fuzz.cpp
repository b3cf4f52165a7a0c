// Path resolution (static files, classic mode): random request-targets against a directory tree with files, a
// dotfile, a symlink inside and a symlink out. In outside_root mode nothing resolved may lie
// outside the root; in every mode a dotfile and ".." are refused and a file is a regular file.
#include "goridge-compat/path_resolver.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace {

struct Tree {
    std::string base;
    std::string root;
    std::unique_ptr<rr::http::PathResolver> off;
    std::unique_ptr<rr::http::PathResolver> beneath;
    Tree() {
        char tmpl[] = "/tmp/rr-fuzz-static-XXXXXX";
        base = ::mkdtemp(tmpl);
        root = base + "/root";
        namespace fs = std::filesystem;
        fs::create_directories(root + "/sub/deeper");
        std::ofstream(root + "/a.css") << "a";
        std::ofstream(root + "/sub/b.txt") << "b";
        std::ofstream(root + "/.env") << "secret";
        std::ofstream(base + "/outside.txt") << "outside";
        fs::create_symlink(base + "/outside.txt", root + "/out.txt");
        fs::create_symlink("sub", root + "/in");
        for (auto mode :
             {rr::http::PathResolver::Symlinks::off, rr::http::PathResolver::Symlinks::outside_root}) {
            rr::http::PathResolver::Options o;
            o.dir = root;
            o.symlinks = mode;
            (mode == rr::http::PathResolver::Symlinks::off ? off : beneath) =
                std::make_unique<rr::http::PathResolver>(std::move(o));
        }
        char real[PATH_MAX];
        root = ::realpath(root.c_str(), real);
    }
    ~Tree() { std::filesystem::remove_all(base); }
};

bool under(const std::string& root, int fd) {
    char link[64];
    std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    char real[PATH_MAX];
    const ssize_t n = ::readlink(link, real, sizeof real - 1);
    if (n <= 0) {
        return false;
    }
    const std::string path(real, static_cast<std::size_t>(n));
    return path == root || path.starts_with(root + "/");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static Tree tree;
    const std::string target(reinterpret_cast<const char*>(data), size);
    for (auto* files : {tree.off.get(), tree.beneath.get()}) {
        auto r = files->resolve(target);
        using K = rr::http::PathResolver::Kind;
        if (r.kind == K::file || r.kind == K::directory) {
            if (r.rel.find("/..") != std::string::npos || r.rel.find("/.env") != std::string::npos) {
                __builtin_trap(); // ".." and dotfiles never resolve
            }
            if (files == tree.beneath.get() && !under(tree.root, r.file.get())) {
                __builtin_trap(); // outside_root: nothing out of the root
            }
        }
    }
    // Classic mode's routing resolves without opening: it must see what opening sees.
    const auto opened = tree.off->resolve(target);
    const auto looked = tree.off->resolve(target, rr::http::PathResolver::Open::no);
    if (opened.kind != looked.kind || opened.rel != looked.rel ||
        opened.trailing_slash != looked.trailing_slash) {
        __builtin_trap();
    }
    return 0;
}
