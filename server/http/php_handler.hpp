// Serves a request with a PHP worker: builds RR's request context, runs the job on the pool and
// turns the reply frames into the HTTP response (Content-Length, or chunked while streaming).
#pragma once

#include "goridge-compat/classic_route.hpp"
#include "goridge-compat/form_job.hpp"
#include "goridge-compat/http_context.hpp"
#include "server/http/handler.hpp"
#include "server/http/middleware.hpp"
#include "server/http/proxy_ip.hpp"
#include "server/http/response_spool.hpp"
#include "server/pool/pool.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rr::http {

class PhpHandler : public Handler {
public:
    PhpHandler(pool::Pool& pool, const config::HttpConfig& http)
        : pool_(pool), http_(http), spool_limits_{http.response_buffer.memory, http.response_buffer.temp_file,
                                                  http.uploads.dir} {}
    // RoadRunner's form handling (form tree, upload temp files) for exec'd goridge workers; embed
    // workers get the raw body and PHP's own parsers fill $_POST and $_FILES.
    void set_forms(bool on) {
        forms_ = on;
        form_options_ = {http_.raw_body, http_.uploads.dir, http_.uploads.forbid, http_.uploads.allow};
    }
    // Send the request context as protobuf http.v1.Request (flags 0x80) instead of JSON.
    void set_proto(bool on) { proto_ = on; }
    // proxy_ip_parser: the client address from these forwarding headers sent by these trusted peers.
    void set_proxy(const Subnets* trusted, ProxyHeaders headers) {
        proxy_ = trusted;
        proxy_headers_ = std::move(headers);
    }
    // Response middleware (headers, CORS, gzip, sendfile); null: none.
    void set_middleware(const Middleware* mw) { mw_ = mw; }

    boost::asio::awaitable<void> handle(Request& req, const ConnectionInfo& info,
                                        ResponseWriter& out) override {
        return handle(req, info, out, nullptr);
    }
    boost::asio::awaitable<void> handle(Request& req, const ConnectionInfo& info, ResponseWriter& out,
                                        const ScriptTarget* script);

    // Requests that found no free worker (wait_timeout, or a full queue) so far.
    uint64_t no_free_workers() const { return no_free_workers_; }

private:
    // What goes to the worker for one request. Filled in place (its job's body may point into its
    // form_body); it deletes the uploads' temp files when it goes, after the response (as RR does).
    struct Outbound {
        pool::Job job;
        goridge::FormJob form; // RR's form tree (JSON) when it replaces the body, the uploads' files
        Outbound() = default;
        Outbound(const Outbound&) = delete;
        Outbound& operator=(const Outbound&) = delete;
        ~Outbound();
    };
    void make_job(Request& req, const ConnectionInfo& info, const ScriptTarget* script, Outbound& to) const;
    // The answer when the worker gave none: overload (500/503), exec_ttl (504), a failed worker or
    // an unusable reply (`bad_reply`: why; empty when the reply was fine).
    boost::asio::awaitable<void> answer_failure(const Request& req, ResponseWriter& out,
                                                pool::Pool::Outcome outcome, const pool::ExecResult& res,
                                                std::string_view bad_reply);

    pool::Pool& pool_;
    const config::HttpConfig& http_;
    SpoolLimits spool_limits_;
    bool forms_ = false;
    goridge::FormOptions form_options_;
    bool proto_ = false;
    const Subnets* proxy_ = nullptr;
    ProxyHeaders proxy_headers_;
    const Middleware* mw_ = nullptr;
    uint64_t no_free_workers_ = 0;
};

} // namespace rr::http
