#include "auto_globals.hpp"

#include "sapi/php_headers.hpp"

#include <cstring>

namespace rr::sapi {
namespace {

struct Watched {
    const char* name;
    std::size_t len;
    zend_auto_global_callback original = nullptr;
    bool used = false;
};

Watched g_watched[] = {{"_SERVER", sizeof("_SERVER") - 1}, {"_REQUEST", sizeof("_REQUEST") - 1}};
bool g_watching = false; // until watch_auto_global_use(), both are made at every request

// Stands in for PHP's callback: PHP calls it when compiled code names the variable (and when
// zend_is_auto_global() asks for it), never for a variable nobody names.
bool note_use(zend_string* name) {
    for (auto& w : g_watched) {
        if (ZSTR_LEN(name) == w.len && std::memcmp(ZSTR_VAL(name), w.name, w.len) == 0) {
            w.used = true;
            return w.original != nullptr && w.original(name);
        }
    }
    return false;
}

} // namespace

void watch_auto_global_use() {
    for (auto& w : g_watched) {
        auto* ag = static_cast<zend_auto_global*>(zend_hash_str_find_ptr(CG(auto_globals), w.name, w.len));
        if (ag == nullptr || ag->auto_global_callback == note_use) {
            continue;
        }
        w.original = ag->auto_global_callback;
        ag->auto_global_callback = note_use;
        // Already named while the worker script was compiled (before this call)?
        w.used = w.used || !ag->jit || !ag->armed;
    }
    g_watching = true;
}

void make_used_auto_globals() {
    for (const auto& w : g_watched) {
        if (w.used || !g_watching) {
            zend_is_auto_global_str(w.name, w.len);
        }
    }
}

} // namespace rr::sapi
