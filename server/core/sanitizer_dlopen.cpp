// Sanitizer builds only (-DRR_SANITIZE): PHP loads extensions (opcache.so, ...) with RTLD_DEEPBIND,
// which the sanitizer runtimes refuse. This dlopen, found before the runtime's because the
// executable defines it, drops that flag and passes the call on. Release builds do not contain it.
#include <dlfcn.h>

extern "C" void* dlopen(const char* file, int mode) {
    using Dlopen = void* (*)(const char*, int);
    static const auto next = reinterpret_cast<Dlopen>(dlsym(RTLD_NEXT, "dlopen"));
    return next(file, mode & ~RTLD_DEEPBIND);
}
