// Request-target → file path: whatever decodes holds no NUL, and no ".." survives the resolver's
// segment check (static_files refuses it; here the decoder's own guarantees).
#include "goridge-compat/target_path.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string target(reinterpret_cast<const char*>(data), size);
    std::string path;
    if (rr::http::decode_target_path(target, path) && path.find('\0') != std::string::npos) {
        __builtin_trap();
    }
    return 0;
}
