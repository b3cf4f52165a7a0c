#include "http1_parser.hpp"

#include "goridge-compat/text.hpp"

#include <algorithm>
#include <strings.h>

namespace rr::http {
namespace {

RequestParser* self(llhttp_t* p) {
    return static_cast<RequestParser*>(p->data);
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace

std::string_view Request::header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
        if (iequals(n, name)) {
            return v;
        }
    }
    return {};
}

const llhttp_settings_t* RequestParser::settings() {
    // One callback table for every parser (llhttp keeps a pointer to it).
    static const llhttp_settings_t table = [] {
        llhttp_settings_t s;
        llhttp_settings_init(&s);
        s.on_message_begin = &RequestParser::on_message_begin;
        s.on_url = &RequestParser::on_url;
        s.on_method = &RequestParser::on_method;
        s.on_header_field = &RequestParser::on_header_field;
        s.on_header_value = &RequestParser::on_header_value;
        s.on_header_value_complete = &RequestParser::on_header_value_complete;
        s.on_headers_complete = &RequestParser::on_headers_complete;
        s.on_body = &RequestParser::on_body;
        s.on_message_complete = &RequestParser::on_message_complete;
        return s;
    }();
    return &table;
}

RequestParser::RequestParser(ParserLimits limits) : limits_(limits) {
    llhttp_init(&parser_, HTTP_REQUEST, settings());
    parser_.data = this;
}

int RequestParser::fail(int status, const char* reason) {
    error_status_ = status;
    error_reason_ = reason;
    llhttp_set_error_reason(&parser_, reason);
    return HPE_USER;
}

bool RequestParser::count_header_bytes(std::size_t n) {
    header_bytes_ += n;
    return header_bytes_ <= limits_.max_header_bytes;
}

int RequestParser::on_message_begin(llhttp_t* p) {
    RequestParser* s = self(p);
    s->req_ = Request{};
    s->field_.clear();
    s->value_.clear();
    s->header_bytes_ = 0;
    s->in_message_ = true;
    s->headers_done_ = false;
    s->error_status_ = 0;
    s->error_reason_.clear();
    return 0;
}

int RequestParser::on_url(llhttp_t* p, const char* at, std::size_t len) {
    RequestParser* s = self(p);
    if (!s->count_header_bytes(len)) {
        return s->fail(431, "request line too long");
    }
    s->req_.target.append(at, len);
    return 0;
}

int RequestParser::on_method(llhttp_t* p, const char*, std::size_t len) {
    RequestParser* s = self(p);
    if (!s->count_header_bytes(len)) {
        return s->fail(431, "request line too long");
    }
    return 0;
}

int RequestParser::on_header_field(llhttp_t* p, const char* at, std::size_t len) {
    RequestParser* s = self(p);
    if (!s->count_header_bytes(len)) {
        return s->fail(431, "request header fields too large");
    }
    s->field_.append(at, len);
    return 0;
}

int RequestParser::on_header_value(llhttp_t* p, const char* at, std::size_t len) {
    RequestParser* s = self(p);
    if (!s->count_header_bytes(len)) {
        return s->fail(431, "request header fields too large");
    }
    s->value_.append(at, len);
    return 0;
}

int RequestParser::on_header_value_complete(llhttp_t* p) {
    RequestParser* s = self(p);
    if (!s->count_header_bytes(4)) {
        return s->fail(431, "request header fields too large");
    }
    s->req_.headers.emplace_back(std::move(s->field_), std::move(s->value_));
    s->field_.clear();
    s->value_.clear();
    return 0;
}

int RequestParser::on_headers_complete(llhttp_t* p) {
    RequestParser* s = self(p);
    Request& r = s->req_;
    s->headers_done_ = true;
    r.method = s->custom_method_.empty()
                   ? llhttp_method_name(static_cast<llhttp_method_t>(llhttp_get_method(p)))
                   : s->custom_method_;
    r.version_major = llhttp_get_http_major(p);
    r.version_minor = llhttp_get_http_minor(p);
    if (r.version_major != 1) {
        return s->fail(505, "HTTP version not supported");
    }
    if (r.method == "CONNECT") {
        return s->fail(405, "CONNECT is not supported");
    }
    r.keep_alive = llhttp_should_keep_alive(p) != 0;
    r.chunked = (p->flags & F_CHUNKED) != 0;
    r.upgrade = p->upgrade != 0;
    if (r.upgrade) {
        r.keep_alive = false; // answered as a plain request; what follows on the wire is not HTTP/1
    }
    if ((p->flags & F_CONTENT_LENGTH) != 0) {
        r.content_length = p->content_length;
        if (r.content_length > s->limits_.max_body_bytes) {
            return s->fail(413, "request body too large");
        }
    }
    int hosts = 0;
    for (const auto& [name, value] : r.headers) {
        if (iequals(name, "Host")) {
            ++hosts;
        } else if (iequals(name, "Expect")) {
            if (!iequals(value, "100-continue")) {
                return s->fail(417, "unsupported Expect value");
            }
            r.expect_continue = r.version_minor >= 1;
        }
    }
    if (hosts > 1 || (hosts == 0 && r.version_minor >= 1)) {
        return s->fail(400, hosts > 1 ? "more than one Host header" : "missing Host header");
    }
    if (r.expect_continue && s->body_expected()) {
        return HPE_PAUSED;
    }
    r.expect_continue = false;
    return 0;
}

int RequestParser::on_body(llhttp_t* p, const char* at, std::size_t len) {
    RequestParser* s = self(p);
    if (s->req_.body.size() + len > s->limits_.max_body_bytes) {
        return s->fail(413, "request body too large");
    }
    s->req_.body.append(at, len);
    return 0;
}

int RequestParser::on_message_complete(llhttp_t* p) {
    RequestParser* s = self(p);
    s->in_message_ = false;
    return HPE_PAUSED;
}

bool RequestParser::body_expected() const {
    return req_.chunked || req_.content_length > 0;
}

RequestParser::Event RequestParser::map_error(llhttp_errno_t err) {
    // A callback that rejected the request set the status itself (llhttp reports it as a callback
    // error, e.g. HPE_CB_HEADERS_COMPLETE).
    if (error_status_ == 0) {
        error_status_ = 400;
        const char* reason = llhttp_get_error_reason(&parser_);
        error_reason_ = reason != nullptr && *reason != '\0' ? reason : llhttp_errno_name(err);
    }
    return Event::error;
}

namespace {

// The methods llhttp parses in HTTP requests (it refuses any other token).
bool llhttp_knows(std::string_view method) {
#define RR_LLHTTP_METHOD(NUM, NAME, STRING) #STRING,
    static constexpr std::string_view known[] = {HTTP_METHOD_MAP(RR_LLHTTP_METHOD)};
#undef RR_LLHTTP_METHOD
    return std::find(std::begin(known), std::end(known), method) != std::end(known);
}

constexpr std::size_t kMaxMethod = 32;
constexpr std::string_view kStandIn = "PUT"; // an ordinary method: the body as the headers say

} // namespace

RequestParser::Event RequestParser::feed(const char* data, std::size_t len, std::size_t& consumed) {
    if (!in_message_ && len > 0 && text::is_token_char(static_cast<unsigned char>(data[0]))) {
        // A request begins. RFC 9110 allows any token as a method (nginx passes them on); llhttp
        // knows a fixed list, so an unknown one is parsed as PUT and its name put back after.
        const std::string_view head(data, std::min(len, kMaxMethod + 1));
        const auto space = head.find(' ');
        if (space == std::string_view::npos) {
            if (len <= kMaxMethod && text::is_token(head)) {
                consumed = 0; // the method is not complete yet
                return Event::need_more;
            }
        } else if (const std::string_view method = head.substr(0, space);
                   text::is_token(method) && !llhttp_knows(method)) {
            std::string stand_in(kStandIn);
            stand_in.append(data + space, len - space);
            custom_method_.assign(method); // on_headers_complete names the request with it
            std::size_t used = 0;
            const Event ev = execute(stand_in.data(), stand_in.size(), used);
            consumed = used >= kStandIn.size() ? used - kStandIn.size() + space : 0;
            return ev;
        }
    }
    return execute(data, len, consumed);
}

RequestParser::Event RequestParser::execute(const char* data, std::size_t len, std::size_t& consumed) {
    const llhttp_errno_t err = llhttp_execute(&parser_, data, len);
    switch (err) {
    case HPE_OK:
        consumed = len;
        return Event::need_more;
    case HPE_PAUSED: {
        consumed = static_cast<std::size_t>(llhttp_get_error_pos(&parser_) - data);
        llhttp_resume(&parser_);
        return in_message_ ? Event::headers_complete : Event::message_complete;
    }
    case HPE_PAUSED_UPGRADE:
        // An Upgrade request is answered as a plain request; the connection closes afterwards.
        consumed = static_cast<std::size_t>(llhttp_get_error_pos(&parser_) - data);
        req_.upgrade = true;
        req_.keep_alive = false;
        in_message_ = false;
        return Event::message_complete;
    default:
        consumed = 0;
        return map_error(err);
    }
}

RequestParser::Event RequestParser::finish() {
    if (!in_message_) {
        return Event::need_more;
    }
    const llhttp_errno_t err = llhttp_finish(&parser_);
    if (err == HPE_PAUSED || (err == HPE_OK && !in_message_)) {
        return Event::message_complete;
    }
    error_status_ = 400;
    error_reason_ = "incomplete request";
    return Event::error;
}

Request RequestParser::take() {
    Request r = std::move(req_);
    req_ = Request{};
    custom_method_.clear();
    return r;
}

} // namespace rr::http
