// One HTTP request inside an embed worker: how it arrives (a goridge job frame), how PHP's state is
// switched to it and back, and how the response leaves (one frame, or STREAM frames on flush()).
#pragma once

#include "goridge-compat/http_context.hpp"
#include "goridge-compat/offer_slot.hpp"
#include "sapi/php_headers.hpp"
#include "sapi/request_scope.hpp"

#include <cstdint>
#include <string>

namespace rr::sapi {

class Transport;

struct HttpRequest {
    goridge::HttpRequestContext ctx;
    std::string body;
    std::size_t body_pos = 0;

    // NUL-terminated values PHP keeps pointers to while the request runs.
    std::string target; // REQUEST_URI: the request-target as received (path and query)
    std::string host;   // authority of the absolute uri (the Host header)
    std::string query;
    std::string cookie;
    std::string content_type;
    std::string authorization;
    double start_time = 0;

    // The response.
    int status = 200;
    goridge::HeaderList headers;
    std::string out; // body bytes not sent yet
    bool headers_captured = false;
    bool streamed = false;       // a STREAM frame went out: status and headers are final
    bool failed = false;         // uncaught exception or fatal error: answer 500 if still possible
    bool channel_broken = false; // the master is gone: the worker must end
    bool finished = false;       // rr_finish_request(): the response is complete, output is dropped
    bool aborted = false;        // the client left during a streamed response
    uint64_t seq = 0;            // the job's sequence number on the channel
    uint64_t fatal_mark = 0;     // fatal_errors() when the request began

    // Classic mode: the script this request runs (from the request's attributes).
    std::string script_filename;
    std::string script_name;
    std::string path_info;
    std::string document_root;
    bool classic = false;
    // The worker routed the request itself and the script's mode bits let it read the script: no
    // need to ask the file system again (http.pool.dispatch: direct).
    bool script_readable = false;
};

struct WorkerState {
    std::string script;             // absolute path of the worker script
    std::string script_dir;         // DOCUMENT_ROOT
    std::string script_name;        // "/" + basename: SCRIPT_NAME and PHP_SELF
    Transport* transport = nullptr; // where requests come from; null outside a worker
    int listen_fd = -1;             // http.pool.dispatch: direct: the HTTP listener this worker accepts on
    int tls_listen_fd = -1;         // ... and the HTTPS one (http.ssl)
    offer::Slot* offers = nullptr;  // shared with the master; null if it gave none
    int rpc_fd = -1;                // this worker's own RPC channel to the master (rr_rpc()), if any
    uint64_t jobs_read = 0;         // job frames read so far: the sequence number of the last one
    uint64_t served = 0;
    bool in_handler = false;
    bool classic = false; // classic mode: a full PHP request per HTTP request
    RequestScope scope;   // worker mode: what a request changed, undone after it
};

// The values of header `name` in `list` (names compared without case), or null.
const goridge::HeaderValues* find_header(const goridge::HeaderList& list, std::string_view name);

WorkerState& worker_state();
HttpRequest* current_request();

enum class WaitResult { request, stop };
// Blocks for the next job; answers PID requests on the way. `stop` on a stop frame or EOF.
WaitResult wait_for_request(HttpRequest& req);

// Switches PHP from the "between requests" state to `req`: SAPI, output layer, superglobals.
void begin_request(HttpRequest& req);
// Flushes output, sends the final frame and switches back. `handler_ok` is false after a bailout.
// Returns whether PHP's state can serve another request: false after any fatal error of this
// request (also one raised while its output was flushed); the response was then a 500.
bool end_request(HttpRequest& req, bool handler_ok);
// flush(): sends the output so far as a STREAM frame (status and headers go with the first one).
void send_stream_chunk(HttpRequest& req);

// headers_send(): a 1xx status sends an interim response with the headers set so far (103 Early
// Hints with Link headers); 200 and up sends status and headers now. Returns the status sent, or 0.
int send_headers_now(HttpRequest& req, int status);
// rr_finish_request(): sends the whole response now; the script goes on without a client.
bool finish_response(HttpRequest& req);

// Classic mode: one full PHP request (startup, the request's script, shutdown) for `req`, then the
// final frame. False when the worker must end (an unusable request description, or PHP could not
// start the request).
bool run_classic_request(HttpRequest& req);

// SAPI callbacks' view of the request.
void register_variables(zval* track_vars);
void capture_headers(sapi_headers_struct* headers);

} // namespace rr::sapi
