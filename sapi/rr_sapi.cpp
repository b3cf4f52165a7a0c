#include "rr_sapi.hpp"

#include "sapi/php_headers.hpp"
#include "sapi/request.hpp"

#include <cstdio>
#include <cstring>
#include <sys/time.h>
#include <unistd.h>

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

} // namespace

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
