// A temp file with no name (O_TMPFILE, or created and unlinked at once where the filesystem has no
// O_TMPFILE): it disappears with its last descriptor, whatever happens to the process.
#pragma once

#include "goridge-compat/file_handle.hpp"

#include <string>

namespace rr {

// In `dir` ("": $TMPDIR, else /tmp); an empty handle with errno set when it cannot be made.
FileHandle anonymous_temp_file(const std::string& dir);

} // namespace rr
