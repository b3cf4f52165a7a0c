// rr_serve(string $target = '.rr.yaml', array $overrides = []): int — the PHP side: who may call it,
// and its arguments as `rr-php` arguments.
#include "ext/serve.hpp"

#include "sapi/php_headers.hpp"
#include "sapi/request.hpp"

#include <cstring>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace {

bool g_served = false; // once per process: the server owns signals, the cwd and fd limits

bool ends_with(const std::string& s, const char* suffix) {
    const std::size_t n = std::strlen(suffix);
    return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// `$target` as `rr-php serve` takes it: a config file, a document root (classic mode) or a script.
void add_target(std::vector<std::string>& args, const std::string& target) {
    struct stat st {};
    if (ends_with(target, ".yaml") || ends_with(target, ".yml")) {
        args.insert(args.begin() + 1, {"-c", target});
        args.push_back("serve");
    } else if (::stat(target.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        args.insert(args.end(), {"serve", "--root", target});
    } else {
        args.insert(args.end(), {"serve", target});
    }
}

// An override's value as the CLI's `-o key=value` spells it; false for what has no spelling.
bool override_text(zval* v, std::string& out) {
    ZVAL_DEREF(v);
    switch (Z_TYPE_P(v)) {
    case IS_TRUE:
        out = "true";
        return true;
    case IS_FALSE:
        out = "false";
        return true;
    case IS_LONG:
    case IS_DOUBLE:
    case IS_STRING: {
        zend_string* s = zval_get_string(v);
        out.assign(ZSTR_VAL(s), ZSTR_LEN(s));
        zend_string_release(s);
        return true;
    }
    case IS_ARRAY: {
        out = "[";
        zval* item;
        std::string one;
        ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(v), item) {
            ZVAL_DEREF(item);
            if (Z_TYPE_P(item) == IS_ARRAY || !override_text(item, one)) {
                return false;
            }
            out.append(out.size() > 1 ? "," : "").append(one);
        }
        ZEND_HASH_FOREACH_END();
        out.push_back(']');
        return true;
    }
    default:
        return false;
    }
}

} // namespace

PHP_FUNCTION(rr_serve) {
    zend_string* target = nullptr;
    HashTable* overrides = nullptr;
    ZEND_PARSE_PARAMETERS_START(0, 2)
    Z_PARAM_OPTIONAL
    Z_PARAM_STR(target)
    Z_PARAM_ARRAY_HT(overrides)
    ZEND_PARSE_PARAMETERS_END();

    if (rr::sapi::worker_state().transport != nullptr) {
        zend_throw_error(nullptr, "rr_serve() cannot run inside a worker: it starts a server, and this "
                                  "script already runs in one");
        RETURN_THROWS();
    }
    if (std::strcmp(sapi_module.name, "cli") != 0) {
        zend_throw_error(nullptr, "rr_serve() runs a server only from php-cli, not under the '%s' SAPI",
                         sapi_module.name);
        RETURN_THROWS();
    }
    if (g_served) {
        zend_throw_error(nullptr, "rr_serve() was called already in this process: a php-cli process "
                                  "hosts one server");
        RETURN_THROWS();
    }
    const std::string where =
        target == nullptr ? ".rr.yaml" : std::string(ZSTR_VAL(target), ZSTR_LEN(target));
    if (where.empty() || where.find('\0') != std::string::npos) {
        zend_argument_value_error(1, "must be a worker script, a .rr.yaml or a document root");
        RETURN_THROWS();
    }
    std::vector<std::string> args{"rr-php"};
    if (overrides != nullptr) {
        zend_string* key;
        zend_ulong index;
        zval* value;
        std::string text;
        ZEND_HASH_FOREACH_KEY_VAL(overrides, index, key, value) {
            (void)index;
            if (key == nullptr || ZSTR_LEN(key) == 0) {
                zend_argument_value_error(2, "must map config keys (\"http.address\") to values");
                RETURN_THROWS();
            }
            if (!override_text(value, text)) {
                zend_argument_type_error(2, "value of \"%s\" must be a scalar or a list of scalars, %s given",
                                         ZSTR_VAL(key), zend_zval_type_name(value));
                RETURN_THROWS();
            }
            args.push_back("-o");
            args.push_back(std::string(ZSTR_VAL(key), ZSTR_LEN(key)) + "=" + text);
        }
        ZEND_HASH_FOREACH_END();
    }
    add_target(args, where);
    g_served = true;
    // php-cli's own time limit (-d max_execution_time=N) counts this call's CPU time and would kill
    // the server after N seconds of serving: it does not apply to the server.
    zend_unset_timeout();
    RETURN_LONG(rr::ext::host_server(args));
}
