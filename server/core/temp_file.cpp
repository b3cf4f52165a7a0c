#include "temp_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>

namespace rr {

FileHandle anonymous_temp_file(const std::string& dir_in) {
    std::string dir = dir_in;
    if (dir.empty()) {
        const char* t = std::getenv("TMPDIR");
        dir = t != nullptr && *t != '\0' ? t : "/tmp";
    }
    FileHandle f(::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
    if (!f) {
        std::string path = dir + "/rr-php-tmpXXXXXX";
        f = FileHandle(::mkostemp(path.data(), O_CLOEXEC));
        if (f) {
            ::unlink(path.c_str());
        }
    }
    return f;
}

} // namespace rr
