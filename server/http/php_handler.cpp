#include "php_handler.hpp"

#include "goridge-compat/form_job.hpp"
#include "goridge-compat/http_proto.hpp"
#include "goridge-compat/request_context.hpp"
#include "goridge-compat/text.hpp"
#include "goridge-compat/trailers.hpp"

#include "goridge-compat/frame.hpp"
#include "server/http/header_list.hpp"
#include "server/http/response.hpp"
#include "server/http/response_spool.hpp"
#include "server/http/static_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <optional>
#include <unistd.h>

#include <strings.h>

namespace rr::http {
namespace asio = boost::asio;

namespace {

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '<':
            out.append("&lt;");
            break;
        case '>':
            out.append("&gt;");
            break;
        case '&':
            out.append("&amp;");
            break;
        case '"':
            out.append("&#34;");
            break;
        case '\'':
            out.append("&#39;");
            break;
        default:
            out.push_back(c);
        }
    }
    return out;
}

// Turns the worker's reply frames into the response: status and headers from the first frame, the
// body from it and any stream frames after it.
class ReplySink : public pool::ResponseSink {
public:
    ReplySink(ResponseWriter& out, const Request& req, const Middleware* mw)
        : out_(out), req_(req), head_request_(req.head()), mw_(mw) {}

    asio::awaitable<bool> on_frame(goridge::Frame& f) override {
        const std::string_view payload(f.payload);
        const std::string_view context = payload.substr(0, f.options[0]);
        const std::string_view body = payload.substr(f.options[0]);
        if (done_) {
            co_return true; // rr_finish_request() completed the response; the worker goes on alone
        }
        // A frame marked "response done" is the last of this response, though the stream goes on.
        more_ = f.streaming() && (f.stream & goridge::stream::kResponseDone) == 0;
        done_ = f.streaming() && !more_;
        if (done_) {
            // Whether or not the client got it, the worker must not be stopped: it works on alone.
            // A complete response hands the connection back to its next request now; from then on
            // the sink touches neither the client nor the request.
            co_await deliver(f, context, body);
            if (out_.started()) {
                released_ = true;
                out_.release();
            }
            co_return true;
        }
        co_return co_await deliver(f, context, body);
    }

    bool released() const { return released_; }
    bool bad_reply() const { return !bad_reply_.empty(); }
    const std::string& bad_reply_reason() const { return bad_reply_; }
    bool streaming() const { return streaming_; }

private:
    asio::awaitable<bool> deliver(const goridge::Frame& f, std::string_view context, std::string_view body) {
        if (!out_.started()) {
            co_return co_await first_frame(f, context, body);
        }
        // Later frames of a stream: status and headers are already out, only the body counts.
        if (file_sent_) {
            co_return true;
        }
        if (more_ || !has_trailers_) {
            co_return co_await out_.body(encode(body, !more_), {}, !more_);
        }
        co_return co_await send_body(encode(body, true), true);
    }

    // The body bytes of a frame; the last one ends the response (with the trailers, if any).
    asio::awaitable<bool> send_body(std::string_view data, bool last) {
        if (!last || !has_trailers_) {
            co_return co_await out_.body(data, {}, last);
        }
        const bool sent = co_await out_.body(data, {}, false);
        co_return sent&& co_await out_.finish(trailers_);
    }

    asio::awaitable<bool> first_frame(const goridge::Frame& f, std::string_view context,
                                      std::string_view body) {
        std::string error;
        // The reply's own flags say its codec: 0x80 protobuf, anything else JSON (as RoadRunner).
        auto rc = f.has(goridge::flag::kCodecProto) ? goridge::decode_response_proto(context, error)
                                                    : goridge::decode_response_json(context, error);
        if (!rc) {
            bad_reply_ = error;
            co_return false;
        }
        if (rc->status < 100 || rc->status > 599) {
            bad_reply_ = "unknown status code from worker: " + std::to_string(rc->status);
            co_return false;
        }
        if (rc->status < 200) {
            // Interim response (103 Early Hints): it carries only its own headers. One that is the
            // whole reply says nothing final: dropped.
            if (!more_) {
                co_return true;
            }
            co_return co_await out_.interim(rc->status, rc->headers);
        }
        const bool has_body = status_has_body(rc->status);
        if (mw_ != nullptr) {
            mw_->decorate(req_, rc->headers);
            if (mw_->sendfile()) {
                if (const auto* xs = find_header(rc->headers, "X-Sendfile"); xs != nullptr && !xs->empty()) {
                    const std::string path = xs->front();
                    remove_header(rc->headers, "X-Sendfile");
                    file_sent_ = true;
                    co_return co_await send_file(rc->status, rc->headers, path);
                }
            }
            if (has_body) {
                const Encoding enc = mw_->encoding_for(
                    req_, rc->headers,
                    more_ || head_request_ ? std::nullopt : std::optional<uint64_t>(body.size()));
                if (enc != Encoding::identity) {
                    Middleware::mark_encoded(rc->headers, enc);
                    if (!head_request_) {
                        encoder_ = make_encoder(enc);
                    }
                }
            }
        }
        std::string_view data = encode(body, !more_);
        // `Trailer: A, B` (RoadRunner): headers A and B go after the body, as HTTP trailers.
        take_trailers(rc->headers);
        streaming_ = more_;
        // A HEAD answer tells no length: the worker's body for it is not the GET's.
        const std::optional<uint64_t> length =
            more_ || head_request_ ? std::nullopt : std::optional<uint64_t>(data.size());
        if (!out_.start(rc->status, rc->headers, length, has_trailers_)) {
            co_return false;
        }
        if (more_ || !has_trailers_) {
            co_return co_await out_.body(data, {}, !more_); // (no helper coroutine on the hot path)
        }
        co_return co_await send_body(data, true);
    }

    // The body bytes as they go out: compressed when an encoder is active (each frame flushed so a
    // streamed response stays incremental).
    std::string_view encode(std::string_view body, bool last) {
        if (!encoder_) {
            return body;
        }
        packed_.clear();
        encoder_->write(body, packed_);
        if (last) {
            encoder_->finish(packed_);
        } else {
            encoder_->flush(packed_);
        }
        return packed_;
    }

    // X-Sendfile: the file replaces the worker's body; a path with ".." is refused, a missing file is 404.
    asio::awaitable<bool> send_file(int status, goridge::HeaderList& headers, const std::string& path) {
        bool traversal = false;
        for (std::size_t i = 0; i <= path.size();) {
            const auto slash = path.find('/', i);
            const auto seg =
                std::string_view(path).substr(i, slash == std::string::npos ? std::string::npos : slash - i);
            traversal = traversal || seg == "..";
            i = slash == std::string::npos ? path.size() + 1 : slash + 1;
        }
        const char* refuse = nullptr;
        int code = 0;
        FileHandle file;
        struct stat st {};
        if (traversal || path.empty()) {
            refuse = "X-Sendfile path refused (\"..\" or empty)";
            code = 403;
        } else {
            file = FileHandle(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
            if (!file || ::fstat(file.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
                refuse = "X-Sendfile file not found";
                code = 404;
            }
        }
        if (refuse != nullptr) {
            spdlog::warn("{} {}: {}: {}", req_.method, req_.target, refuse, path);
            co_return co_await respond_text(out_, code, code == 403 ? "forbidden\n" : "not found\n");
        }
        FileResponse fr;
        fr.req = &req_;
        fr.file = &file;
        fr.st = st;
        fr.path = path;
        fr.headers = std::move(headers);
        fr.status = status;
        fr.decorated = true;
        co_await send_file_response(fr, out_, *mw_);
        co_return true;
    }

    void take_trailers(goridge::HeaderList& headers) {
        if (!out_.trailers_supported()) {
            return; // HTTP/1.0 has no trailers: the headers stay headers
        }
        http::Trailers t = http::take_trailers(headers);
        has_trailers_ = t.announced; // announced, even if not set: the body ends with a trailer section
        trailers_ = std::move(t.fields);
    }

    ResponseWriter& out_;
    const Request& req_;
    bool head_request_;
    goridge::HeaderList trailers_;
    bool has_trailers_ = false;
    const Middleware* mw_;
    std::unique_ptr<Encoder> encoder_;
    std::string packed_;
    bool file_sent_ = false;
    bool done_ = false;
    bool released_ = false;
    bool more_ = false; // the current frame is followed by more of this response
    bool streaming_ = false;
    std::string bad_reply_;
};

} // namespace

// (Not a coroutine: the request context and its encoding live on the stack, not in the frame of
// the coroutine that waits for the worker; a frame over a kilobyte costs glibc's malloc more.)
PhpHandler::Outbound::~Outbound() {
    goridge::remove_temp_files(form);
}

void PhpHandler::make_job(Request& req, const ConnectionInfo& info, const ScriptTarget* script,
                          Outbound& to) const {
    if (mw_ != nullptr && mw_->headers()) {
        for (const auto& [name, value] : http_.request_headers) {
            req.headers.emplace_back(name, value);
        }
    }
    goridge::HttpRequestContext ctx = build_context(req, info);
    if (proxy_ != nullptr) {
        ctx.remote_addr = client_ip(info.remote_ip, req.headers, *proxy_, proxy_headers_);
    }
    if (script != nullptr) {
        ctx.attributes.emplace_back(goridge::kAttrScriptFilename, goridge::HeaderValues{script->filename});
        ctx.attributes.emplace_back(goridge::kAttrScriptName, goridge::HeaderValues{script->script_name});
        ctx.attributes.emplace_back(goridge::kAttrPathInfo, goridge::HeaderValues{script->path_info});
        ctx.attributes.emplace_back(goridge::kAttrDocumentRoot, goridge::HeaderValues{script->document_root});
    }
    if (forms_) {
        to.form = goridge::prepare_form(req.method, req.header("Content-Type"), req.body, form_options_, ctx);
        if (!to.form.error.empty()) {
            return;
        }
    }
    const std::string_view body =
        to.form.replaced ? std::string_view(to.form.body) : std::string_view(req.body);
    const std::string context = proto_ ? goridge::encode_request_proto(ctx) : goridge::encode_json(ctx);
    const uint32_t opt = static_cast<uint32_t>(context.size());
    uint8_t hdr[goridge::kMaxHeaderSize];
    const std::size_t hl = goridge::encode_header(
        hdr, proto_ ? goridge::flag::kCodecProto : goridge::flag::kCodecJson, 0,
        std::span<const uint32_t>(&opt, 1), static_cast<uint32_t>(context.size() + body.size()));
    to.job.head.reserve(hl + context.size());
    to.job.head.append(reinterpret_cast<const char*>(hdr), hl);
    to.job.head.append(context);
    to.job.body = body;
}

asio::awaitable<void> PhpHandler::handle(Request& req, const ConnectionInfo& info, ResponseWriter& out,
                                         const ScriptTarget* script) {
    Outbound to;
    make_job(req, info, script, to);
    if (!to.form.error.empty()) {
        spdlog::warn("{} {}: {}; answering 400", req.method, req.target, to.form.error);
        co_await respond_text(out, 400, to.form.error + "\n");
        co_return;
    }
    pool::Job& job = to.job;

    // The worker's reply is taken at once: the worker is free once it has produced it, however
    // slowly the client reads.
    out.buffer(spool_limits_);
    ReplySink sink(out, req, mw_);
    pool::Pool::Outcome outcome;
    pool::ExecResult res = co_await pool_.exec(job, sink, outcome);
    if (sink.released()) {
        // rr_finish_request(): the response went out long ago and the connection has moved on.
        if (res.error != pool::ExecError::none) {
            spdlog::warn("{} {}: after its response was finished: {}", req.method, req.target, res.message);
        }
        co_return;
    }
    if (!out.started() && !sink.bad_reply() && res.error == pool::ExecError::none &&
        outcome == pool::Pool::Outcome::done) {
        // rr_finish_request() with nothing to send (an interim status only): still an answer.
        res.error = pool::ExecError::soft_error;
        res.message = "the worker finished its response without a final status";
    }
    if (out.started()) {
        if (res.error != pool::ExecError::none && sink.streaming()) {
            out.abort(); // the stream broke off: the client must be able to tell it is incomplete
        }
        co_return;
    }
    co_await answer_failure(req, out, outcome, res, sink.bad_reply_reason());
}

// (Its own coroutine: the rare paths' locals stay out of the frame of every request.)
asio::awaitable<void> PhpHandler::answer_failure(const Request& req, ResponseWriter& out,
                                                 pool::Pool::Outcome outcome, const pool::ExecResult& res,
                                                 std::string_view bad_reply) {
    if (outcome == pool::Pool::Outcome::no_workers || outcome == pool::Pool::Outcome::queue_full) {
        const bool rr_style = pool_.config().overload_status == 500;
        ++no_free_workers_;
        spdlog::warn("{} {}: {}; answering {}", req.method, req.target,
                     outcome == pool::Pool::Outcome::queue_full ? "the queue is full (max_queue_size)"
                                                                : "no free worker within wait_timeout",
                     rr_style ? 500 : 503);
        if (rr_style) { // RoadRunner's answer
            co_await respond_text(out, 500, "no free workers\n", one_header("No-Workers", "true"));
        } else {
            co_await respond_text(out, 503, "no free worker, try again\n", one_header("Retry-After", "1"));
        }
        co_return;
    }
    if (outcome == pool::Pool::Outcome::exec_ttl) {
        co_await respond_text(out, 504, "the request took too long (exec_ttl)\n");
        co_return;
    }
    if (!bad_reply.empty()) {
        spdlog::error("{} {}: invalid response from the worker: {}", req.method, req.target, bad_reply);
    } else if (res.error == pool::ExecError::soft_error) {
        spdlog::warn("{} {}: worker error: {}", req.method, req.target, res.message);
    } else if (res.error != pool::ExecError::none) {
        spdlog::error("{} {}: {}", req.method, req.target, res.message);
    }
    // An unusable reply (an invalid status, say) is 500, as in RoadRunner; a failed worker gets
    // http.internal_error_code.
    const int code = !bad_reply.empty() ? 500 : static_cast<int>(http_.internal_error_code);
    std::string error_body = code == 500 ? "internal server error\n" : "";
    if (pool_.config().debug && res.error == pool::ExecError::soft_error) {
        // Debug mode (RoadRunner's too): the worker's own error text, HTML-escaped, is the body.
        error_body = html_escape(res.message);
    }
    co_await respond_text(out, code, error_body);
}

} // namespace rr::http
