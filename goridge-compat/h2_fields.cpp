#include "h2_fields.hpp"

#include "goridge-compat/text.hpp"

#include <cstdlib>
#include <string>

namespace rr::http {

bool h2_drops(std::string_view name) {
    return text::iequals(name, "Connection") || text::iequals(name, "Keep-Alive") ||
           text::iequals(name, "Proxy-Connection") || text::iequals(name, "Transfer-Encoding") ||
           text::iequals(name, "Upgrade") || text::iequals(name, "Content-Length") ||
           text::iequals(name, "Date");
}

void add_h2_request_field(Request& r, std::string_view name, std::string_view value) {
    if (name == ":method") {
        r.method = value;
    } else if (name == ":path") {
        r.target = value;
    } else if (name == ":authority") {
        r.headers.emplace_back("Host", value);
    } else if (name == ":scheme") {
        // the connection says whether it is TLS
    } else if (name == "host") {
        if (r.header("Host").empty()) {
            r.headers.emplace_back("Host", value);
        }
    } else {
        r.headers.emplace_back(std::string(name), std::string(value));
        if (name == "content-length") {
            r.content_length = std::strtoull(std::string(value).c_str(), nullptr, 10);
        }
    }
}

} // namespace rr::http
