// HTTP/1.x request parsing with llhttp, with the server's limits applied while parsing.
#pragma once

#include "goridge-compat/http_request.hpp"

#include <llhttp.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace rr::http {

struct ParserLimits {
    std::size_t max_header_bytes = 64 * 1024; // request line + header block
    uint64_t max_body_bytes = 1000ull << 20;
};

class RequestParser {
public:
    explicit RequestParser(ParserLimits limits);
    RequestParser(const RequestParser&) = delete;
    RequestParser& operator=(const RequestParser&) = delete;

    enum class Event {
        need_more,        // all bytes consumed, the message is not complete
        headers_complete, // paused after the header block (check Expect, limits); call feed() again
        message_complete, // paused after a whole message; take it with take()
        error,            // see error_status() / error_reason(); the connection must close
    };

    // Parses from `data`; sets `consumed` to how many bytes were used.
    Event feed(const char* data, std::size_t len, std::size_t& consumed);

    // The client closed its side: completes a message that ends at EOF, else reports an error if a
    // message was in progress. Returns need_more when nothing was pending.
    Event finish();

    Request take();
    const Request& current() const { return req_; }
    bool in_message() const { return in_message_; }
    bool headers_done() const { return in_message_ && headers_done_; }
    bool body_expected() const;

    int error_status() const { return error_status_; }
    const std::string& error_reason() const { return error_reason_; }

private:
    static const llhttp_settings_t* settings();
    static int on_message_begin(llhttp_t* p);
    static int on_url(llhttp_t* p, const char* at, std::size_t len);
    static int on_method(llhttp_t* p, const char* at, std::size_t len);
    static int on_header_field(llhttp_t* p, const char* at, std::size_t len);
    static int on_header_value(llhttp_t* p, const char* at, std::size_t len);
    static int on_header_value_complete(llhttp_t* p);
    static int on_headers_complete(llhttp_t* p);
    static int on_body(llhttp_t* p, const char* at, std::size_t len);
    static int on_message_complete(llhttp_t* p);

    int fail(int status, const char* reason);
    Event map_error(llhttp_errno_t err);
    Event execute(const char* data, std::size_t len, std::size_t& consumed);
    bool count_header_bytes(std::size_t n);

    llhttp_t parser_;
    ParserLimits limits_;
    Request req_;
    std::string field_;
    std::string value_;
    bool field_done_ = false;
    std::size_t header_bytes_ = 0;
    bool in_message_ = false;
    bool headers_done_ = false;
    int error_status_ = 0;
    std::string error_reason_;
    std::string custom_method_; // a method llhttp does not know, parsed as PUT
};

} // namespace rr::http
