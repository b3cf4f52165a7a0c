#include "http1_response.hpp"

#include "goridge-compat/text.hpp"

#include <chrono>
#include <ctime>
#include <strings.h>

namespace rr::http {
namespace {

bool server_owned(std::string_view name) {
    return text::iequals(name, "Content-Length") || text::iequals(name, "Transfer-Encoding") ||
           text::iequals(name, "Connection") || text::iequals(name, "Keep-Alive") ||
           text::iequals(name, "Date");
}

} // namespace

const char* field_problem(std::string_view name, std::string_view value) {
    if (!text::is_token(name)) {
        // "X-A: 1\tX-B" or "X A" from a worker would forge another header line: refused.
        return "its name is not a valid header name";
    }
    if (!text::is_field_value(value)) {
        return "its value holds CR, LF or NUL";
    }
    return nullptr;
}

bool field_ok(std::string_view name, std::string_view value) {
    return field_problem(name, value) == nullptr;
}

const char* reason_phrase(int status) {
    switch (status) {
    case 100:
        return "Continue";
    case 101:
        return "Switching Protocols";
    case 102:
        return "Processing";
    case 103:
        return "Early Hints";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 203:
        return "Non-Authoritative Information";
    case 204:
        return "No Content";
    case 205:
        return "Reset Content";
    case 206:
        return "Partial Content";
    case 207:
        return "Multi-Status";
    case 300:
        return "Multiple Choices";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 406:
        return "Not Acceptable";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 411:
        return "Length Required";
    case 412:
        return "Precondition Failed";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 416:
        return "Range Not Satisfiable";
    case 417:
        return "Expectation Failed";
    case 418:
        return "I'm a teapot";
    case 421:
        return "Misdirected Request";
    case 422:
        return "Unprocessable Content";
    case 423:
        return "Locked";
    case 425:
        return "Too Early";
    case 426:
        return "Upgrade Required";
    case 428:
        return "Precondition Required";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 451:
        return "Unavailable For Legal Reasons";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}

std::string_view http_date() {
    static thread_local std::time_t cached_second = 0;
    static thread_local char buf[40];
    const std::time_t now = std::time(nullptr);
    if (now != cached_second) {
        cached_second = now;
        std::tm tm;
        gmtime_r(&now, &tm);
        std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    }
    return buf;
}

std::string format_http_date(std::time_t t) {
    std::tm tm;
    gmtime_r(&t, &tm);
    char buf[40];
    const std::size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return std::string(buf, n);
}

std::optional<std::time_t> parse_http_date(std::string_view s) {
    // IMF-fixdate only (what every current client sends): "Sun, 06 Nov 1994 08:49:37 GMT".
    const std::string text(s);
    std::tm tm{};
    const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == nullptr || *end != '\0') {
        return std::nullopt;
    }
    return timegm(&tm);
}

bool status_has_body(int status) {
    return !(status < 200 || status == 204 || status == 304);
}

void write_last_chunk(std::string& out, const goridge::HeaderList& trailers, FieldFilter usable) {
    out.append("0\r\n");
    for (const auto& [name, values] : trailers) {
        for (const auto& v : values) {
            if (usable(name, v)) {
                out.append(name).append(": ").append(v).append("\r\n");
            }
        }
    }
    out.append("\r\n");
}

void write_head(std::string& out, const ResponseHead& h, FieldFilter usable) {
    out.append(h.version_minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ");
    out.append(std::to_string(h.status));
    out.push_back(' ');
    out.append(reason_phrase(h.status));
    out.append("\r\n");
    if (h.headers != nullptr) {
        for (const auto& [name, values] : *h.headers) {
            if (server_owned(name) || !usable(name, values.empty() ? std::string_view() : values.front())) {
                continue;
            }
            for (const auto& v : values) {
                if (!usable(name, v)) {
                    continue;
                }
                out.append(name);
                out.append(": ");
                out.append(v);
                out.append("\r\n");
            }
        }
    }
    if (h.status >= 200) {
        out.append("Date: ");
        out.append(http_date());
        out.append("\r\n");
    }
    switch (h.framing) {
    case BodyFraming::content_length:
        out.append("Content-Length: ");
        out.append(std::to_string(h.content_length));
        out.append("\r\n");
        break;
    case BodyFraming::chunked:
        out.append("Transfer-Encoding: chunked\r\n");
        break;
    case BodyFraming::close:
    case BodyFraming::none:
        break;
    }
    if (h.status >= 200) {
        if (!h.keep_alive) {
            out.append("Connection: close\r\n");
        } else if (h.version_minor == 0) {
            out.append("Connection: keep-alive\r\n");
        }
    }
    out.append("\r\n");
}

std::string simple_response(int status, std::string_view body, bool keep_alive, int version_minor,
                            std::string_view extra_headers, bool head_only) {
    std::string out;
    out.reserve(160 + body.size() + extra_headers.size());
    out.append(version_minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ");
    out.append(std::to_string(status));
    out.push_back(' ');
    out.append(reason_phrase(status));
    out.append("\r\nContent-Type: text/plain; charset=utf-8\r\nDate: ");
    out.append(http_date());
    out.append("\r\nContent-Length: ");
    out.append(std::to_string(body.size()));
    out.append("\r\n");
    out.append(extra_headers);
    if (!keep_alive) {
        out.append("Connection: close\r\n");
    } else if (version_minor == 0) {
        out.append("Connection: keep-alive\r\n");
    }
    out.append("\r\n");
    if (!head_only) {
        out.append(body);
    }
    return out;
}

} // namespace rr::http
