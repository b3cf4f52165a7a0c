#include "rr_sapi.hpp"

#include "sapi/php_headers.hpp"
#include "sapi/request.hpp"

extern "C" {
#include <ext/standard/basic_functions.h> // not wrapped for C++ itself
}
#include <php_ini.h>

#include <cstdio>
#include <cstring>
#include <sys/time.h>
#include <unistd.h>
#include <utility>

namespace rr::sapi {
namespace {

// opcache refuses to start under SAPI names it does not know (it prints "Opcode Caching is only
// supported in ..."). The module is started under one it accepts and renamed afterwards.
constexpr const char* kStartupName = "cli-server";

zend_module_entry* g_extension = nullptr;
std::string g_ini_entries;
// "rr-php" as a permanent interned string, made while the module starts (afterwards interned
// strings are per request and this one must outlive every request).
zend_string* g_sapi_name = nullptr;

void write_stderr(const char* data, std::size_t len) {
    while (len > 0) {
        const ssize_t n = ::write(STDERR_FILENO, data, len);
        if (n <= 0) {
            return;
        }
        data += n;
        len -= static_cast<std::size_t>(n);
    }
}

int sapi_startup_cb(sapi_module_struct* module) {
    return php_module_startup(module, g_extension) == FAILURE ? FAILURE : SUCCESS;
}

int sapi_activate_cb() {
    HttpRequest* r = current_request();
    if (r == nullptr) {
        return SUCCESS;
    }
    const std::string& p = r->ctx.protocol;
    // Classic mode keeps php-fpm's 1000 (php-fpm never sets it), so header('Location: ...') after a
    // POST gives 302 there as under php-fpm.
    SG(request_info).proto_num =
        r->classic || p == "HTTP/1.0" ? 1000 : (p.rfind("HTTP/2", 0) == 0 ? 2000 : 1001);
    if (!r->authorization.empty()) {
        php_handle_auth_data(r->authorization.c_str());
    }
    return SUCCESS;
}

size_t ub_write_cb(const char* str, size_t len) {
    if (HttpRequest* r = current_request()) {
        if (!r->finished && !r->aborted) {
            r->out.append(str, len);
        }
        return len;
    }
    // Output between requests (bootstrap code, echo after the loop) goes to the log and never
    // onto the worker's channel.
    write_stderr(str, len);
    return len;
}

void flush_cb(void*) {
    if (HttpRequest* r = current_request()) {
        send_stream_chunk(*r);
    }
}

int send_headers_cb(sapi_headers_struct* headers) {
    capture_headers(headers);
    return SAPI_HEADER_SENT_SUCCESSFULLY;
}

void send_header_cb(sapi_header_struct*, void*) {}

size_t read_post_cb(char* buffer, size_t count) {
    HttpRequest* r = current_request();
    if (r == nullptr) {
        return 0;
    }
    const std::size_t left = r->body.size() - r->body_pos;
    const std::size_t n = count < left ? count : left;
    std::memcpy(buffer, r->body.data() + r->body_pos, n);
    r->body_pos += n;
    return n;
}

char* read_cookies_cb() {
    HttpRequest* r = current_request();
    return (r == nullptr || r->cookie.empty()) ? nullptr : r->cookie.data();
}

void register_variables_cb(zval* track_vars) {
    register_variables(track_vars);
}

void log_message_cb(const char* message, int) {
    std::string line(message);
    line.push_back('\n');
    write_stderr(line.data(), line.size());
}

zend_result get_request_time_cb(double* t) {
    if (HttpRequest* r = current_request()) {
        *t = r->start_time;
        return SUCCESS;
    }
    timeval tv;
    gettimeofday(&tv, nullptr);
    *t = static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
    return SUCCESS;
}

sapi_module_struct g_module = [] {
    sapi_module_struct m{};
    m.name = const_cast<char*>(kStartupName);
    m.pretty_name = const_cast<char*>("rr-php embedded worker");
    m.startup = sapi_startup_cb;
    m.shutdown = php_module_shutdown_wrapper;
    m.activate = sapi_activate_cb;
    m.ub_write = ub_write_cb;
    m.flush = flush_cb;
    m.sapi_error = php_error;
    m.send_headers = send_headers_cb;
    m.send_header = send_header_cb;
    m.read_post = read_post_cb;
    m.read_cookies = read_cookies_cb;
    m.register_server_variables = register_variables_cb;
    m.log_message = log_message_cb;
    m.get_request_time = get_request_time_cb;
    m.php_ini_ignore_cwd = 1;
    return m;
}();

// PHP_SAPI is registered from the name the module started under; make it agree with
// php_sapi_name().
void rename_sapi() {
    sapi_module.name = const_cast<char*>(kSapiName);
    auto* c = static_cast<zend_constant*>(
        zend_hash_str_find_ptr(EG(zend_constants), "PHP_SAPI", sizeof("PHP_SAPI") - 1));
    if (c != nullptr && Z_TYPE(c->value) == IS_STRING && g_sapi_name != nullptr) {
        ZVAL_INTERNED_STR(&c->value, g_sapi_name);
    }
}

// Sets a php.ini entry as if php.ini had it: its startup value, kept across requests (an entry
// changed the usual way is put back at the end of each request).
bool set_startup_ini(const std::string& name, const std::string& value) {
    auto* e =
        static_cast<zend_ini_entry*>(zend_hash_str_find_ptr(EG(ini_directives), name.data(), name.size()));
    if (e == nullptr) {
        return false;
    }
    zend_string* v = zend_string_init(value.data(), value.size(), 1);
    if (e->on_modify != nullptr &&
        e->on_modify(e, v, e->mh_arg1, e->mh_arg2, e->mh_arg3, ZEND_INI_STAGE_STARTUP) != SUCCESS) {
        zend_string_release_ex(v, 1);
        return false;
    }
    // The old value is left alone: it may be shared with PHP's configuration hash.
    e->value = v;
    return true;
}

// php-cli forces settings that are right for a console script and wrong for a web worker: an
// implicit flush after every echo, no output buffer (a fatal error after some output would then
// answer 200), no time limit, plain-text errors, $_SERVER['argv'] (the php-cli command line) in
// every request. Where a setting still has php-cli's forced value, a worker gets the web default
// instead (php.ini-production's, as Debian's web SAPIs have it); a value given with php-cli's own
// -d is kept. Debian's php-cli php.ini also has no memory limit: a worker gets PHP's 128M then.
// The config's `php -d` entries come after all of this.
void undo_cli_overrides() {
    struct Setting {
        const char* name;
        const char* forced_by_cli;
        const char* web;
    };
    static constexpr Setting kSettings[] = {
        {"implicit_flush", "1", "0"},   {"output_buffering", "0", "4096"}, {"max_execution_time", "0", "30"},
        {"max_input_time", "-1", "60"}, {"html_errors", "0", "1"},         {"register_argc_argv", "1", "0"},
        {"memory_limit", "-1", "128M"},
    };
    for (const Setting& st : kSettings) {
        const zval* v = cfg_get_entry(st.name, std::strlen(st.name));
        const bool forced =
            v == nullptr || (Z_TYPE_P(v) == IS_STRING && std::strcmp(Z_STRVAL_P(v), st.forced_by_cli) == 0);
        if (forced) {
            set_startup_ini(st.name, st.web);
        }
    }
}

} // namespace

bool adopt_host_php(const zygote::PhpOptions& options, std::string& error) {
    if (!zend_hash_str_exists(&module_registry, "rr", 2)) {
        error = "the rr extension is not loaded in this PHP";
        return false;
    }
    sapi_module.activate = g_module.activate;
    sapi_module.deactivate = nullptr;
    sapi_module.ub_write = g_module.ub_write;
    sapi_module.flush = g_module.flush;
    sapi_module.getenv = nullptr;
    sapi_module.header_handler = nullptr;
    sapi_module.send_headers = g_module.send_headers;
    sapi_module.send_header = g_module.send_header;
    sapi_module.read_post = g_module.read_post;
    sapi_module.read_cookies = g_module.read_cookies;
    sapi_module.register_server_variables = g_module.register_server_variables;
    sapi_module.log_message = g_module.log_message;
    sapi_module.get_request_time = g_module.get_request_time;
    sapi_module.phpinfo_as_text = 0;
    // The host's request ends here, in this process only; its frames (rr_serve()'s caller) are
    // abandoned, never resumed. Its shutdown functions, destructors and output handlers belong to
    // the php-cli process, which runs them when rr_serve() returns: not here.
    php_output_discard_all();
    php_free_shutdown_functions();
    zend_objects_store_mark_destructed(&EG(objects_store));
    EG(current_execute_data) = nullptr;
    php_request_shutdown(nullptr);
    SG(server_context) = nullptr;
    undo_cli_overrides();
    for (const auto& [name, value] : options.ini) {
        if (!set_startup_ini(name, value)) {
            std::string line = "rr-php: -d " + name + "=" + value +
                               " is ignored: PHP has no such setting, or refuses the value, once started "
                               "(give it to php-cli itself)\n";
            write_stderr(line.data(), line.size());
        }
    }
    SG(options) |= SAPI_OPTION_NO_CHDIR;
    return true;
}

void on_module_startup() {
    g_sapi_name = zend_string_init_interned(kSapiName, strlen(kSapiName), 1);
}

void set_builtin_extension(zend_module_entry* module) {
    g_extension = module;
}

bool start_php(const zygote::PhpOptions& options, std::string& error) {
    g_ini_entries.clear();
    for (const auto& [k, v] : options.ini) {
        g_ini_entries.append(k).append("=").append(v).append("\n");
    }
    sapi_startup(&g_module);
    sapi_module.ini_entries = g_ini_entries.empty() ? nullptr : g_ini_entries.data();
    // The worker decides the working directory (it is the server's, like php-cli's).
    SG(options) |= SAPI_OPTION_NO_CHDIR;
    if (sapi_module.startup(&sapi_module) == FAILURE) {
        error = "PHP module startup failed";
        return false;
    }
    rename_sapi();
    return true;
}

} // namespace rr::sapi
