#include "worker.hpp"

#include "goridge-compat/text.hpp"
#include "sapi/auto_globals.hpp"
#include "sapi/channel.hpp"
#include "sapi/direct_http.hpp"
#include "sapi/execution_timer.hpp"
#include "sapi/goridge_transport.hpp"
#include "sapi/request.hpp"
#include "sapi/request_scope.hpp"
#include "sapi/std_streams.hpp"
#include "sapi/stdio_relay.hpp"

#include <rfc1867.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

namespace rr::sapi {
namespace {

void fill_script_names(WorkerState& w, const std::string& script) {
    w.script = script;
    const auto slash = script.rfind('/');
    w.script_dir = slash == std::string::npos || slash == 0 ? "/" : script.substr(0, slash);
    w.script_name = "/" + (slash == std::string::npos ? script : script.substr(slash + 1));
}

// An uncaught exception from the handler: log it as PHP does ("PHP Fatal error:  Uncaught ...").
// Returns false if reporting it bailed out.
bool report_uncaught(HttpRequest& req) {
    req.failed = true;
    volatile bool ok = true;
    zend_try {
        zend_exception_error(EG(exception), E_ERROR);
    }
    zend_catch {
        ok = false;
    }
    zend_end_try();
    if (EG(exception) != nullptr) {
        zend_clear_exception();
    }
    return ok;
}

// http.uploads.forbid / allow for PHP's own upload handling: a file whose extension is refused
// ends as UPLOAD_ERR_EXTENSION (its temp file is removed by PHP), as RoadRunner reports it.
const zygote::WorkerOptions* g_options = nullptr;
int (*g_previous_upload_callback)(unsigned int, void*, void**) = nullptr;
bool g_refuse_current_upload = false;

int upload_filter(unsigned int event, void* data, void** extra) {
    int rc = g_previous_upload_callback != nullptr ? g_previous_upload_callback(event, data, extra) : SUCCESS;
    if (event == MULTIPART_EVENT_FILE_START) {
        auto* start = static_cast<multipart_event_file_start*>(data);
        const std::string ext = start->filename != nullptr && *start->filename != nullptr
                                    ? text::file_extension(*start->filename)
                                    : std::string();
        g_refuse_current_upload =
            !text::extension_permitted(ext, g_options->upload_forbid, g_options->upload_allow);
    } else if (event == MULTIPART_EVENT_FILE_END && g_refuse_current_upload) {
        g_refuse_current_upload = false;
        rc = FAILURE;
    }
    return rc;
}

void install_upload_filter(const zygote::WorkerOptions& options) {
    if (options.upload_forbid.empty() && options.upload_allow.empty()) {
        return;
    }
    g_options = &options;
    g_previous_upload_callback = php_rfc1867_callback;
    php_rfc1867_callback = upload_filter;
}

// php-fpm's clear_env: a classic-mode script sees only the variables it was given, never the
// server's own environment (PATH, HOME, credentials...), in $_SERVER and getenv() alike.
void clear_environment(const std::vector<std::string>& keep) {
    std::vector<std::pair<std::string, std::string>> kept;
    for (const auto& name : keep) {
        if (const char* v = std::getenv(name.c_str()); v != nullptr) {
            kept.emplace_back(name, v);
        }
    }
    ::clearenv();
    for (const auto& [name, value] : kept) {
        ::setenv(name.c_str(), value.c_str(), 1);
    }
}

int run_classic(const zygote::WorkerOptions& options) {
    clear_environment(options.classic_env);
    // (Each script runs in its own directory, as under php-fpm: run_classic_request() moves there.)
    execution_timer().worker_active();
    for (;;) {
        HttpRequest req;
        execution_timer().worker_idle();
        const WaitResult waited = wait_for_request(req);
        execution_timer().worker_active();
        if (waited == WaitResult::stop) {
            break;
        }
        if (!run_classic_request(req) || req.channel_broken) {
            return 1;
        }
    }
    return 0;
}

} // namespace

int run_worker(const zygote::WorkerOptions& options, offer::Slot* offers) {
    Channel channel(0, 1);
    WorkerState& w = worker_state();
    fill_script_names(w, options.script);
    // A worker given the HTTP listener serves its own connections (http.pool.dispatch: direct);
    // the others get their requests from the master.
    GoridgeTransport from_master(channel);
    std::unique_ptr<DirectHttp> direct;
    if (w.listen_fd >= 0 || w.tls_listen_fd >= 0) {
        direct = std::make_unique<DirectHttp>(FileHandle(std::exchange(w.listen_fd, -1)),
                                              FileHandle(std::exchange(w.tls_listen_fd, -1)), channel,
                                              options.direct);
    }
    // A stock RoadRunner script served that way reads its requests from STDIN as under php-cli.
    std::unique_ptr<StdioRelay> relay;
    if (direct && options.stdio_channel) {
        relay = std::make_unique<StdioRelay>(*direct, options.direct);
    }
    w.transport = direct ? static_cast<Transport*>(direct.get()) : &from_master;
    w.offers = offers;
    install_upload_filter(options);
    w.classic = options.classic;
    if (options.classic) {
        return run_classic(options);
    }
    watch_fatal_errors();
    RequestScope::install_hooks();

    SG(request_info).path_translated = w.script.data();
    SG(request_info).request_method = nullptr;
    SG(server_context) = &w; // non-NULL: a web context, not CLI
    if (php_request_startup() == FAILURE) {
        std::fprintf(stderr, "rr-php worker: PHP request startup failed\n");
        return 1;
    }
    watch_auto_global_use(); // (armed again by the startup: nothing compiled has named them yet)
    // max_execution_time applies to each HTTP request, not to the worker's lifetime.
    zend_unset_timeout();
    execution_timer().worker_active();
    if (relay) {
        register_std_streams(*relay);
    } else {
        register_std_streams(options.stdio_channel ? StdStreams::channel : StdStreams::log);
    }
    if (options.stdio_channel) {
        // A stock RoadRunner script is a CLI program: its echo reaches the log at once, as php-cli
        // writes it at once (no output buffer, implicit flush).
        php_output_end_all();
        PG(implicit_flush) = 1;
    }

    zend_file_handle file;
    zend_stream_init_filename(&file, w.script.c_str());
    php_execute_script(&file);
    zend_destroy_file_handle(&file);
    const int status = EG(exit_status);
    php_request_shutdown(nullptr);
    std::fflush(stderr);
    return status;
}

bool handle_request(zend_fcall_info& fci, zend_fcall_info_cache& fcc) {
    WorkerState& w = worker_state();
    if (w.transport == nullptr) {
        zend_throw_error(nullptr,
                         "rr_handle_request() works only in a worker script started by rr-php serve");
        return false;
    }
    if (w.in_handler) {
        zend_throw_error(nullptr, "rr_handle_request() cannot be called from inside a request handler");
        return false;
    }
    if (w.classic) {
        // A worker script inside a classic-mode document root, requested by a client: its loop
        // would take the worker's next requests (or wait for ones that never come).
        zend_throw_error(nullptr, "rr_handle_request() works only in a worker script; in classic mode "
                                  "(http.classic) each request runs its own script");
        return false;
    }
    HttpRequest req;
    execution_timer().worker_idle();
    const WaitResult waited = wait_for_request(req);
    execution_timer().worker_active();
    if (waited == WaitResult::stop) {
        return false;
    }
    begin_request(req);

    zval retval;
    ZVAL_UNDEF(&retval);
    fci.retval = &retval;
    zend_execute_data* const caller = EG(current_execute_data);
    volatile bool bailed = false;
    w.in_handler = true;
    zend_try {
        zend_call_function(&fci, &fcc);
    }
    zend_catch {
        bailed = true;
    }
    zend_end_try();
    w.in_handler = false;

    if (bailed) {
        // A fatal error (or memory/time limit) unwound past the handler: the client gets a 500 and
        // this worker ends, because the script's state can no longer be trusted.
        EG(current_execute_data) = caller;
        req.failed = true;
    } else {
        zval_ptr_dtor(&retval);
        if (fatal_errors() != req.fatal_mark) {
            // A fatal error that PHP turned into an unwinding exit (memory_limit does) rather than a
            // bailout: not the script's exit(), so the same as a bailout.
            if (EG(exception) != nullptr) {
                zend_clear_exception();
            }
            req.failed = true;
            bailed = true;
        } else if (EG(exception) != nullptr) {
            if (zend_is_unwind_exit(EG(exception))) {
                zend_clear_exception(); // exit(): the request ends with what it printed so far
            } else if (zend_is_graceful_exit(EG(exception))) {
                zend_clear_exception();
                req.failed = true;
                bailed = true;
            } else if (!report_uncaught(req)) {
                bailed = true;
            }
        }
    }
    if (!end_request(req, !bailed)) {
        zend_bailout();
    }
    return !req.channel_broken;
}

} // namespace rr::sapi
