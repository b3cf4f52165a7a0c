#include "request.hpp"

#include "goridge-compat/text.hpp"
#include "sapi/auto_globals.hpp"
#include "sapi/execution_timer.hpp"
#include "sapi/transport.hpp"
#include "sapi/worker_log.hpp"

#include <cerrno>
#include <cstdio>
#include <sys/time.h>
#include <unistd.h>

namespace rr::sapi {

const goridge::HeaderValues* find_header(const goridge::HeaderList& list, std::string_view name) {
    for (const auto& [n, v] : list) {
        if (n.size() == name.size() && strncasecmp(n.data(), name.data(), n.size()) == 0) {
            return &v;
        }
    }
    return nullptr;
}

namespace {

WorkerState g_worker;
HttpRequest* g_current = nullptr;
// SG(server_context) between requests: non-NULL so the SAPI treats the worker as a web request
// context, but distinguishable from a real request.
char g_between_requests;

// Modules whose per-request state must be reset between requests served by one PHP request.
// session: RSHUTDOWN writes and closes the session; RINIT honours session.auto_start.
// filter: RSHUTDOWN frees the raw copies behind filter_input().
constexpr const char* kPerRequestModules[] = {"filter", "session"};

double now_seconds() {
    timeval tv;
    gettimeofday(&tv, nullptr);
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}

std::string join(const goridge::HeaderValues& values, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) {
            out.append(sep);
        }
        out.append(values[i]);
    }
    return out;
}

// uri is absolute ("http://host/path?q"); split it into authority and request-target.
void split_uri(const std::string& uri, std::string& host, std::string& target) {
    const auto scheme = uri.find("://");
    if (scheme == std::string::npos) {
        host.clear();
        target = uri.empty() ? "/" : uri;
        return;
    }
    const auto start = scheme + 3;
    const auto end = uri.find_first_of("/?", start);
    host = uri.substr(start, end == std::string::npos ? std::string::npos : end - start);
    target = end == std::string::npos ? "/" : uri.substr(end);
    if (!target.empty() && target[0] == '?') {
        target.insert(0, "/");
    }
}

void prepare(HttpRequest& r) {
    split_uri(r.ctx.uri, r.host, r.target);
    r.query = r.ctx.raw_query;
    if (const auto* c = find_header(r.ctx.headers, "Cookie")) {
        r.cookie = join(*c, "; ");
    }
    if (const auto* ct = find_header(r.ctx.headers, "Content-Type"); ct != nullptr && !ct->empty()) {
        r.content_type = ct->front();
    }
    if (const auto* a = find_header(r.ctx.headers, "Authorization"); a != nullptr && !a->empty()) {
        r.authorization = a->front();
    }
    r.start_time = now_seconds();
}

// sapi_deactivate frees these; clear the pointers so nothing dangles into the next activation.
void deactivate_sapi() {
    sapi_deactivate();
    auto& ri = SG(request_info);
    ri.auth_user = nullptr;
    ri.auth_password = nullptr;
    ri.auth_digest = nullptr;
    ri.content_type_dup = nullptr;
    ri.current_user = nullptr;
    ri.request_body = nullptr;
    ri.post_entry = nullptr;
}

// Points the SAPI at `r` (PHP keeps these pointers while the request runs).
void describe_request(HttpRequest& r) {
    g_current = &r;
    auto& ri = SG(request_info);
    ri.request_method = r.ctx.method.c_str();
    ri.query_string = r.query.empty() ? nullptr : r.query.data();
    ri.request_uri = r.target.data();
    ri.content_type = r.content_type.empty() ? nullptr : r.content_type.c_str();
    ri.content_length = static_cast<zend_long>(r.body.size());
    SG(server_context) = &r;
    SG(sapi_headers).http_response_code = 200;
    PG(connection_status) = PHP_CONNECTION_NORMAL; // connection_aborted() is per request
}

void describe_no_request() {
    auto& ri = SG(request_info);
    ri.request_method = nullptr;
    ri.query_string = nullptr;
    ri.request_uri = nullptr;
    ri.content_type = nullptr;
    ri.content_length = 0;
    ri.cookie_data = nullptr;
    SG(server_context) = &g_between_requests;
}

void start_default_output_buffer() {
    if (PG(output_handler) && PG(output_handler)[0]) {
        zval handler;
        ZVAL_STRING(&handler, PG(output_handler));
        php_output_start_user(&handler, 0, PHP_OUTPUT_HANDLER_STDFLAGS);
        zval_ptr_dtor(&handler);
    } else if (PG(output_buffering)) {
        php_output_start_user(nullptr, PG(output_buffering) > 1 ? PG(output_buffering) : 0,
                              PHP_OUTPUT_HANDLER_STDFLAGS);
    } else if (PG(implicit_flush)) {
        php_output_set_implicit_flush(1);
    }
}

// php_hash_environment() forgets the previous superglobals without releasing them (a full request
// shutdown would); release them first so no request's arrays outlive it.
void release_superglobals() {
    for (auto& g : PG(http_globals)) {
        zval_ptr_dtor(&g);
        ZVAL_UNDEF(&g);
    }
}

void for_each_per_request_module(bool startup) {
    for (const char* name : kPerRequestModules) {
        auto* m =
            static_cast<zend_module_entry*>(zend_hash_str_find_ptr(&module_registry, name, strlen(name)));
        if (m == nullptr) {
            continue;
        }
        if (startup && m->request_startup_func) {
            m->request_startup_func(m->type, m->module_number);
        } else if (!startup && m->request_shutdown_func) {
            m->request_shutdown_func(m->type, m->module_number);
        }
    }
}

// The "Name: value" lines PHP holds (header() calls) added to `out`.
void add_header_lines(zend_llist& lines, goridge::HeaderList& out) {
    zend_llist_position pos;
    for (auto* hdr = static_cast<sapi_header_struct*>(zend_llist_get_first_ex(&lines, &pos)); hdr != nullptr;
         hdr = static_cast<sapi_header_struct*>(zend_llist_get_next_ex(&lines, &pos))) {
        std::string_view line(hdr->header, hdr->header_len);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            continue;
        }
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
            value.remove_prefix(1);
        }
        goridge::add_header(out, line.substr(0, colon), value);
    }
}

// Sends the response so far (see Transport::send); the status and headers go with the first part.
bool send_part(HttpRequest& r, Transport::Part part) {
    const bool ok = g_worker.transport->send(r, part);
    r.headers.clear();
    r.out.clear();
    if (!ok) {
        r.channel_broken = true;
        log_line("cannot send the response to the server", g_worker.transport->error_text());
    }
    return ok;
}

} // namespace

WorkerState& worker_state() {
    return g_worker;
}

HttpRequest* current_request() {
    return g_current;
}

WaitResult wait_for_request(HttpRequest& r) {
    const WaitResult w = g_worker.transport->next(r);
    if (w == WaitResult::request) {
        prepare(r);
    }
    return w;
}

void begin_request(HttpRequest& r) {
    // Leave the between-requests state: anything still buffered there goes to the log.
    php_output_end_all();
    php_output_deactivate();
    deactivate_sapi();

    describe_request(r);

    sapi_activate(); // reads POST bodies and cookies through the SAPI callbacks
    SG(sapi_headers).http_response_code = 200;

    php_output_activate();
    start_default_output_buffer();
    if (PG(expose_php)) {
        sapi_add_header(SAPI_PHP_VERSION_HEADER, sizeof(SAPI_PHP_VERSION_HEADER) - 1, 1);
    }

    release_superglobals();
    php_hash_environment();
    // $_SERVER and $_REQUEST are created on first use at compile time; code compiled earlier (the
    // handler) would otherwise keep seeing the previous request's arrays.
    make_used_auto_globals();
    for_each_per_request_module(true);
    g_worker.scope.enter();
    r.fatal_mark = fatal_errors();

    execution_timer().request_started();
}

void send_stream_chunk(HttpRequest& r) {
    if (r.channel_broken || r.finished) {
        r.out.clear();
        return;
    }
    if (!SG(headers_sent)) {
        sapi_send_headers();
    }
    if (r.streamed && r.out.empty()) {
        return;
    }
    send_part(r, Transport::Part::chunk);
    r.streamed = true;
    if (!r.aborted && g_worker.transport->client_gone(r)) {
        // The client left: like php-fpm, connection_aborted() says so from now on, output goes
        // nowhere, and unless ignore_user_abort is set the script ends here (cleanly, as exit()).
        r.aborted = true;
        PG(connection_status) |= PHP_CONNECTION_ABORTED;
        php_output_set_status(PHP_OUTPUT_DISABLED);
        if (!PG(ignore_user_abort) && EG(current_execute_data) != nullptr && EG(exception) == nullptr) {
            zend_throw_unwind_exit();
        }
    }
}

int send_headers_now(HttpRequest& r, int status) {
    if (r.channel_broken || r.finished || r.streamed || SG(headers_sent)) {
        return 0;
    }
    if (status >= 200) {
        SG(sapi_headers).http_response_code = status;
        send_stream_chunk(r);
        return r.channel_broken ? 0 : status;
    }
    goridge::HeaderList headers;
    add_header_lines(SG(sapi_headers).headers, headers);
    if (!g_worker.transport->interim(r, status, headers)) {
        r.channel_broken = true;
        return 0;
    }
    return status;
}

bool finish_response(HttpRequest& r) {
    if (r.channel_broken || r.finished) {
        return false;
    }
    zend_try {
        php_output_end_all();
        if (!SG(headers_sent)) {
            sapi_send_headers();
        }
    }
    zend_end_try();
    // One STREAM frame marked "response done": the master completes the HTTP response with it and
    // keeps the worker busy until the script's final frame.
    send_part(r, Transport::Part::done);
    r.streamed = true;
    r.finished = true;
    php_output_set_status(PHP_OUTPUT_DISABLED);
    return !r.channel_broken;
}

namespace {

// The request's output buffers flushed and its headers captured (a fatal error there bails out to
// here; fatal_errors() tells).
void flush_output() {
    zend_try {
        php_output_end_all();
    }
    zend_end_try();
    zend_try {
        if (!SG(headers_sent)) {
            sapi_send_headers();
        }
    }
    zend_end_try();
}

void shutdown_request_modules() {
    zend_try {
        for_each_per_request_module(false);
    }
    zend_end_try();
}

} // namespace

bool end_request(HttpRequest& r, bool handler_ok) {
    execution_timer().request_finished();
    flush_output();
    if (handler_ok && fatal_errors() == r.fatal_mark) {
        // Session data is written before the response leaves, so the client's next request sees it.
        shutdown_request_modules();
    }
    // A fatal error, in the handler, in an output handler or while the session was written (a
    // user save handler), leaves PHP's state unusable.
    const bool php_ok = handler_ok && fatal_errors() == r.fatal_mark;
    if (!php_ok) {
        r.failed = true;
    }
    if (r.failed && !r.streamed) {
        r.status = 500;
    }
    if (r.finished) {
        r.out.clear(); // the response went out with rr_finish_request(); this frame only frees the worker
    }
    if (!r.channel_broken) {
        send_part(r, Transport::Part::last);
    }
    ++g_worker.served;

    php_output_deactivate();
    if (SG(request_info).request_body != nullptr) {
        php_stream_close(SG(request_info).request_body);
        SG(request_info).request_body = nullptr;
    }
    deactivate_sapi(); // also deletes upload temp files that were not moved
    describe_no_request();
    g_current = nullptr;
    sapi_activate();
    php_output_activate();
    if (php_ok) {
        g_worker.scope.leave();
        EG(exit_status) = 0; // exit(n) in a handler ends only that request
    }
    return php_ok;
}

namespace {

// Classic mode: like php-fpm, a script runs in its own directory. PHP would find the current
// directory, change to the script's and back for every request (three system calls); the worker
// changes to the script's directory and stays there (one). It changes every time, even to the
// same path: the directory may have been replaced (a deploy renaming a release into place).
void enter_script_directory(const std::string& filename) {
    const auto slash = filename.rfind('/');
    if (slash != std::string::npos) {
        const std::string dir = slash == 0 ? "/" : filename.substr(0, slash);
        [[maybe_unused]] const int rc = ::chdir(dir.c_str()); // (as PHP's: a failure is not an error)
    }
}

} // namespace

bool run_classic_request(HttpRequest& r) {
    auto attr = [&](std::string_view name) -> std::string {
        const auto* v = find_header(r.ctx.attributes, name);
        return v == nullptr || v->empty() ? std::string() : v->front();
    };
    r.classic = true;
    r.script_filename = attr(goridge::kAttrScriptFilename);
    r.script_name = attr(goridge::kAttrScriptName);
    r.path_info = attr(goridge::kAttrPathInfo);
    r.document_root = attr(goridge::kAttrDocumentRoot);
    if (r.script_filename.empty() || r.script_name.empty()) {
        log_line("malformed classic-mode request", "no script given");
        return false;
    }
    describe_request(r);
    if (!r.script_readable && ::access(r.script_filename.c_str(), R_OK) != 0) {
        // The server found the script, but this worker (maybe another user) cannot read it, or it
        // went away since: php-fpm's answers, without running PHP.
        const bool denied = errno == EACCES || errno == EPERM;
        log_line(denied ? "the script cannot be read" : "the script is gone", r.script_filename);
        r.status = denied ? 403 : 404;
        r.headers.clear();
        goridge::add_header(r.headers, "Content-Type", "text/plain; charset=utf-8");
        r.out = denied ? "forbidden\n" : "not found\n";
        send_part(r, Transport::Part::last);
        describe_no_request();
        g_current = nullptr;
        return !r.channel_broken;
    }
    auto& ri = SG(request_info);
    ri.path_translated = r.script_filename.data();

    // max_execution_time without three setitimer() calls per request (PHP arms its timer for
    // max_input_time at startup, again for max_execution_time when the script starts, and disarms
    // it at shutdown): PHP sees no limit at those points, and the worker's ExecutionTimer arms PHP's
    // timer only when the budget since it last did runs low, as in worker mode. max_input_time has
    // nothing to limit here: the whole body was read before.
    const zend_long input_time = PG(max_input_time);
    PG(max_input_time) = -1;
    EG(timeout_seconds) = 0;
    if (php_request_startup() == FAILURE) {
        PG(max_input_time) = input_time;
        // PHP's state cannot be trusted after this: answer 500 and let a fresh worker take over.
        log_line("PHP request startup failed", r.script_name);
        r.status = 500;
        r.headers.clear();
        r.out.clear();
        send_part(r, Transport::Part::last);
        g_current = nullptr;
        return false;
    }
    EG(timeout_seconds) = INI_INT("max_execution_time");
    execution_timer().request_started();
    enter_script_directory(r.script_filename);
    zend_file_handle file;
    zend_stream_init_filename(&file, r.script_filename.c_str());
    php_execute_script(&file); // bails out of fatal errors itself; exit() ends the script cleanly
    zend_destroy_file_handle(&file);
    PG(max_input_time) = input_time;
    execution_timer().request_finished();
    EG(timeout_seconds) = 0; // (zend_deactivate() would disarm PHP's timer)
    // php_request_shutdown() flushes the output, sends the headers and writes the session, all of
    // which land in `r`; the response leaves afterwards, as php-fpm ends its request.
    php_request_shutdown(nullptr);
    if (!r.channel_broken) {
        if (r.finished) {
            r.out.clear();
        }
        send_part(r, Transport::Part::last);
    }
    ++g_worker.served;
    ri.path_translated = nullptr;
    describe_no_request();
    SG(server_context) = nullptr; // between classic requests PHP has no request at all
    g_current = nullptr;
    return true;
}

void capture_headers(sapi_headers_struct* h) {
    HttpRequest* r = g_current;
    if (r == nullptr) {
        return;
    }
    r->status = h->http_response_code > 0 ? h->http_response_code : 200;
    r->headers.clear();
    add_header_lines(h->headers, r->headers);
    if (h->send_default_content_type) {
        sapi_header_struct def;
        sapi_get_default_content_type_header(&def);
        std::string_view line(def.header, def.header_len);
        const auto colon = line.find(':');
        if (colon != std::string_view::npos) {
            std::string_view value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') {
                value.remove_prefix(1);
            }
            goridge::add_header(r->headers, "Content-Type", value);
        }
        sapi_free_header(&def);
    }
    r->headers_captured = true;
}

// Room for the entries a request adds to $_SERVER beside the environment's.
constexpr uint32_t kRequestEntries = 48;

void register_variables(zval* arr) {
    // The environment part of $_SERVER is imported once per worker and copied into each request's
    // array (the worker's environment does not change under it; php-fpm does not re-read it either).
    // (Classic mode imports it per request: its memory lives only as long as one PHP request.)
    static zval env;
    if (g_current != nullptr && g_current->classic) {
        php_import_environment_variables(arr);
    } else {
        if (Z_TYPE(env) != IS_ARRAY) {
            array_init(&env);
            php_import_environment_variables(&env);
        }
        // A copy of the environment's array is the request's array (PHP takes `arr`'s array only
        // after this callback), sized for the request's own entries, so it is never rehashed.
        zend_array* own = zend_array_dup(Z_ARRVAL(env));
        zend_hash_extend(own, zend_hash_num_elements(own) + kRequestEntries, false);
        zval_ptr_dtor(arr);
        ZVAL_ARR(arr, own);
    }
    HashTable* const ht = Z_ARRVAL_P(arr);
    // Names that need none of php_register_variable()'s rewriting (no '.', ' ' or '['; not numeric).
    auto reg = [ht](std::string_view name, std::string_view value) {
        zval v;
        ZVAL_STRINGL_FAST(&v, value.data(), value.size());
        zend_hash_str_update(ht, name.data(), name.size(), &v);
    };
    HttpRequest* r = g_current;
    if (r != nullptr && r->classic) {
        // As php-fpm behind nginx with fastcgi_params and fastcgi_split_path_info fills them.
        const std::string self = r->script_name + r->path_info;
        reg("SCRIPT_FILENAME", r->script_filename);
        reg("SCRIPT_NAME", r->script_name);
        reg("PATH_INFO", r->path_info);
        reg("PATH_TRANSLATED", r->document_root + r->path_info);
        reg("PHP_SELF", self);
        reg("DOCUMENT_ROOT", r->document_root);
        reg("DOCUMENT_URI", self);
        reg("REDIRECT_STATUS", "200");
        if (SG(request_info).auth_user != nullptr) {
            reg("REMOTE_USER", SG(request_info).auth_user); // nginx's $remote_user (Basic auth)
        }
    } else {
        reg("SCRIPT_FILENAME", g_worker.script);
        reg("SCRIPT_NAME", g_worker.script_name);
        reg("PHP_SELF", g_worker.script_name);
        reg("DOCUMENT_ROOT", g_worker.script_dir);
    }
    if (r == nullptr) {
        return;
    }
    const auto& c = r->ctx;
    reg("SERVER_SOFTWARE", "rr-php");
    reg("GATEWAY_INTERFACE", "CGI/1.1");
    reg("SERVER_PROTOCOL", c.protocol);
    reg("REQUEST_METHOD", c.method);
    reg("REQUEST_URI", r->target);
    if (!r->classic) {
        reg("DOCUMENT_URI", g_worker.script_name);
    }
    reg("QUERY_STRING", r->query);
    reg("REQUEST_SCHEME", c.tls ? "https" : "http");
    if (c.tls) {
        reg("HTTPS", "on");
    }
    reg("REMOTE_ADDR", c.remote_addr);
    if (c.remote_port != 0) {
        reg("REMOTE_PORT", std::to_string(c.remote_port));
    }
    if (!c.server_addr.empty()) {
        reg("SERVER_ADDR", c.server_addr);
    }
    if (c.server_port != 0) {
        reg("SERVER_PORT", std::to_string(c.server_port));
    }
    // SERVER_NAME: the Host without its port (IPv6 literals keep their brackets).
    std::string_view server_name = r->host;
    if (const auto colon = server_name.rfind(':');
        colon != std::string_view::npos && server_name.find(']', colon) == std::string_view::npos) {
        server_name = server_name.substr(0, colon);
    }
    reg("SERVER_NAME", server_name.empty() ? std::string_view(c.server_addr) : server_name);
    if (!r->host.empty()) {
        reg("HTTP_HOST", r->host);
    }
    if (!r->content_type.empty() || r->classic) {
        reg("CONTENT_TYPE", r->content_type); // nginx's fastcgi_params always send it, maybe empty
    }
    if (const auto* cl = find_header(c.headers, "Content-Length"); cl != nullptr && !cl->empty()) {
        reg("CONTENT_LENGTH", cl->front());
    } else if (!r->body.empty()) {
        reg("CONTENT_LENGTH", std::to_string(r->body.size()));
    } else if (r->classic) {
        reg("CONTENT_LENGTH", "");
    }
    std::string var;
    for (const auto& [name, values] : c.headers) {
        var.assign("HTTP_");
        bool token = true; // (a FastCGI front's parameter names may be anything)
        for (char ch : name) {
            token = token && text::is_token_char(static_cast<unsigned char>(ch));
            var.push_back(ch == '-' || ch == '.'
                              ? '_'
                              : static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch));
        }
        if (!r->classic && (var == "HTTP_CONTENT_TYPE" || var == "HTTP_CONTENT_LENGTH")) {
            continue; // worker mode: only as CONTENT_TYPE / CONTENT_LENGTH
        }
        const std::string joined =
            values.size() == 1 ? std::string() : join(values, name == "Cookie" ? "; " : ", ");
        const std::string_view value = values.size() == 1 ? std::string_view(values.front()) : joined;
        if (token) {
            reg(var, value); // a token has no ' ' or '[' for PHP to rewrite ('.' is '_' already)
        } else {
            php_register_variable_safe(var.c_str(), value.data(), value.size(), arr);
        }
    }
    // Last, so they win: the front's own variables (SSL_* of a TLS handshake, a FastCGI client's
    // params). A context decoded from the master has them in its attributes; one a direct worker
    // built has a TLS connection's in connection_attributes.
    for (const goridge::HeaderList* attrs : {&c.attributes, c.connection_attributes.get()}) {
        const auto* names = attrs != nullptr ? find_header(*attrs, goridge::kAttrServerVars) : nullptr;
        if (names == nullptr) {
            continue;
        }
        for (const auto& name : *names) {
            const auto* v = find_header(*attrs, name);
            if (v != nullptr && !v->empty() && !name.empty()) {
                php_register_variable_safe(name.c_str(), v->front().data(), v->front().size(), arr);
            }
        }
    }
}

} // namespace rr::sapi
