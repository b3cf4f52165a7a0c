#include "request_scope.hpp"

#include <cstring>

namespace rr::sapi {
namespace {

uint64_t g_fatal_errors = 0;
void (*g_previous_error_cb)(int, zend_string*, uint32_t, zend_string*) = nullptr;

void count_fatal(int type, zend_string* file, uint32_t line, zend_string* message) {
    // E_DONT_BAIL marks errors PHP reports without bailing out (an uncaught exception); those
    // leave the objects intact and the worker usable.
    if ((type & E_FATAL_ERRORS) != 0 && (type & E_DONT_BAIL) == 0) {
        ++g_fatal_errors;
    }
    g_previous_error_cb(type, file, line, message);
}

// date_default_timezone_set() keeps its value in the date module's globals, which libphp does not
// export; the function itself tells us when a request changes the zone, and what it was before.
zif_handler g_timezone_set = nullptr;
bool g_timezone_changed = false;
std::string g_timezone_before;

bool call_php(const char* name, zval* arg, zval* result) {
    zval fn;
    ZVAL_STRING(&fn, name);
    const bool ok =
        call_user_function(CG(function_table), nullptr, &fn, result, arg == nullptr ? 0 : 1, arg) == SUCCESS;
    zval_ptr_dtor(&fn);
    return ok;
}

ZEND_NAMED_FUNCTION(timezone_set_hook) {
    if (!g_timezone_changed) {
        zval current;
        ZVAL_UNDEF(&current);
        if (call_php("date_default_timezone_get", nullptr, &current) && Z_TYPE(current) == IS_STRING) {
            g_timezone_before.assign(Z_STRVAL(current), Z_STRLEN(current));
            g_timezone_changed = true;
        }
        zval_ptr_dtor(&current);
    }
    g_timezone_set(execute_data, return_value);
}

void restore_timezone() {
    if (!g_timezone_changed) {
        return;
    }
    g_timezone_changed = false;
    zval zone;
    zval result;
    ZVAL_STRINGL(&zone, g_timezone_before.data(), g_timezone_before.size());
    ZVAL_UNDEF(&result);
    call_php("date_default_timezone_set", &zone, &result);
    zval_ptr_dtor(&result);
    zval_ptr_dtor(&zone);
}

// One of PHP's handler slots (current handler + stack of earlier ones) back to what it was.
void restore_handler(zval& current, zend_stack& earlier, const zval& saved, uint32_t depth,
                     zend_stack* reporting = nullptr) {
    while (static_cast<uint32_t>(zend_stack_count(&earlier)) > depth) {
        zval old;
        ZVAL_COPY_VALUE(&old, static_cast<zval*>(zend_stack_top(&earlier)));
        zend_stack_del_top(&earlier);
        if (reporting != nullptr && !zend_stack_is_empty(reporting)) {
            zend_stack_del_top(reporting);
        }
        zval_ptr_dtor(&old); // after it is off the stack: a destructor it runs sees a consistent state
    }
    if (!zend_is_identical(&current, const_cast<zval*>(&saved))) {
        zval old;
        ZVAL_COPY_VALUE(&old, &current);
        ZVAL_COPY(&current, &saved);
        zval_ptr_dtor(&old);
    }
}

// Runs PHP-side code of the reset (ini handlers, date_default_timezone_set) so that a bailout in it
// cannot jump across the C++ frames above.
template <typename F> bool php_guarded(F&& f) {
    volatile bool ok = true;
    zend_try {
        f();
    }
    zend_catch {
        ok = false;
    }
    zend_end_try();
    return ok;
}

void delete_global(const char* name) {
    zend_string* key = zend_string_init(name, std::strlen(name), 0);
    zend_delete_global_variable(key);
    zend_string_release(key);
}

} // namespace

uint64_t fatal_errors() {
    return g_fatal_errors;
}

void watch_fatal_errors() {
    if (g_previous_error_cb == nullptr) {
        g_previous_error_cb = zend_error_cb;
        zend_error_cb = count_fatal;
    }
}

RequestScope::~RequestScope() {
    forget();
}

void RequestScope::install_hooks() {
    auto* fn = static_cast<zend_function*>(zend_hash_str_find_ptr(
        CG(function_table), "date_default_timezone_set", sizeof("date_default_timezone_set") - 1));
    if (fn != nullptr && fn->type == ZEND_INTERNAL_FUNCTION && g_timezone_set == nullptr) {
        g_timezone_set = fn->internal_function.handler;
        fn->internal_function.handler = timezone_set_hook;
    }
}

void RequestScope::forget() {
    for (auto& [name, value] : ini_) {
        zend_string_release(name);
        if (value != nullptr) {
            zend_string_release(value);
        }
    }
    ini_.clear();
    if (entered_) {
        zval_ptr_dtor(&error_handler_.value);
        zval_ptr_dtor(&exception_handler_.value);
        ZVAL_UNDEF(&error_handler_.value);
        ZVAL_UNDEF(&exception_handler_.value);
        entered_ = false;
    }
}

void RequestScope::enter() {
    forget();
    if (EG(modified_ini_directives) != nullptr) {
        zend_string* name;
        zend_ini_entry* entry;
        void* ptr;
        ZEND_HASH_MAP_FOREACH_STR_KEY_PTR(EG(modified_ini_directives), name, ptr) {
            entry = static_cast<zend_ini_entry*>(ptr);
            ini_.emplace_back(zend_string_copy(name),
                              entry->value ? zend_string_copy(entry->value) : nullptr);
        }
        ZEND_HASH_FOREACH_END();
    }
    ZVAL_COPY(&error_handler_.value, &EG(user_error_handler));
    error_handler_.depth = static_cast<uint32_t>(zend_stack_count(&EG(user_error_handlers)));
    error_handler_reporting_ = EG(user_error_handler_error_reporting);
    ZVAL_COPY(&exception_handler_.value, &EG(user_exception_handler));
    exception_handler_.depth = static_cast<uint32_t>(zend_stack_count(&EG(user_exception_handlers)));
    g_timezone_changed = false;
    entered_ = true;
}

void RequestScope::leave() {
    if (!entered_) {
        return;
    }
    // $_SESSION: undefined until the next session_start(), as in a fresh php-fpm request.
    delete_global("_SESSION");
    delete_global("http_response_header");
    // The bootstrap's handlers first: a warning from an ini handler below goes to them, never to a
    // handler the request set.
    restore_handler(EG(user_error_handler), EG(user_error_handlers), error_handler_.value,
                    error_handler_.depth, &EG(user_error_handlers_error_reporting));
    EG(user_error_handler_error_reporting) = error_handler_reporting_;
    restore_handler(EG(user_exception_handler), EG(user_exception_handlers), exception_handler_.value,
                    exception_handler_.depth);
    php_guarded([this] { restore_ini(); });
    php_guarded([] { restore_timezone(); });
    forget();
}

void RequestScope::restore_ini() {
    // Settings the bootstrap changed and the request put back with ini_restore(): no longer in the
    // table of modified ones, so the bootstrap's value is set again.
    for (const auto& [name, value] : ini_) {
        if (value != nullptr && (EG(modified_ini_directives) == nullptr ||
                                 !zend_hash_exists(EG(modified_ini_directives), name))) {
            zend_alter_ini_entry_ex(name, value, ZEND_INI_SYSTEM, ZEND_INI_STAGE_RUNTIME, true);
        }
    }
    if (EG(modified_ini_directives) != nullptr) {
        std::vector<zend_string*> changed;
        zend_string* name;
        zend_ini_entry* entry;
        void* ptr;
        ZEND_HASH_MAP_FOREACH_STR_KEY_PTR(EG(modified_ini_directives), name, ptr) {
            entry = static_cast<zend_ini_entry*>(ptr);
            // The execution timer owns max_execution_time (it re-arms PHP's timer itself).
            if (zend_string_equals_literal(name, "max_execution_time")) {
                continue;
            }
            bool same = false;
            bool before = false;
            for (const auto& [n, v] : ini_) {
                if (zend_string_equals(n, name)) {
                    before = true;
                    same = (v == nullptr && entry->value == nullptr) ||
                           (v != nullptr && entry->value != nullptr && zend_string_equals(v, entry->value));
                    break;
                }
            }
            if (!before || !same) {
                changed.push_back(zend_string_copy(name));
            }
        }
        ZEND_HASH_FOREACH_END();
        for (zend_string* n : changed) {
            zend_string* bootstrap_value = nullptr;
            bool before = false;
            for (const auto& [sn, sv] : ini_) {
                if (zend_string_equals(sn, n)) {
                    before = true;
                    bootstrap_value = sv;
                    break;
                }
            }
            if (!before) {
                zend_restore_ini_entry(n, ZEND_INI_STAGE_DEACTIVATE);
            } else if (bootstrap_value != nullptr) {
                zend_alter_ini_entry_ex(n, bootstrap_value, ZEND_INI_SYSTEM, ZEND_INI_STAGE_RUNTIME, true);
            }
            zend_string_release(n);
        }
    }
}

} // namespace rr::sapi
