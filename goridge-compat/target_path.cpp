#include "target_path.hpp"

#include "goridge-compat/text.hpp"

namespace rr::http {

bool decode_target_path(std::string_view target, std::string& out) {
    if (const auto scheme = target.find("://");
        scheme != std::string_view::npos && !target.starts_with("/")) {
        const auto path = target.find('/', scheme + 3);
        target = path == std::string_view::npos ? std::string_view("/") : target.substr(path);
    }
    target = target.substr(0, target.find_first_of("?#"));
    out.clear();
    out.reserve(target.size());
    for (std::size_t i = 0; i < target.size(); ++i) {
        char c = target[i];
        if (c == '%') {
            if (i + 2 >= target.size()) {
                return false;
            }
            const int hi = text::hex_digit(target[i + 1]);
            const int lo = text::hex_digit(target[i + 2]);
            if (hi < 0 || lo < 0) {
                return false;
            }
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0') {
            return false;
        }
        out.push_back(c);
    }
    return true;
}

} // namespace rr::http
