#include "trailers.hpp"

#include <strings.h>

#include <algorithm>
#include <string>
#include <vector>

namespace rr::http {

Trailers take_trailers(goridge::HeaderList& headers) {
    std::vector<std::string> names;
    for (const auto& [name, values] : headers) {
        if (strcasecmp(name.c_str(), "Trailer") != 0) {
            continue;
        }
        for (const auto& v : values) {
            std::size_t i = 0;
            while (i < v.size()) {
                const auto comma = v.find(',', i);
                std::string n = v.substr(i, comma == std::string::npos ? std::string::npos : comma - i);
                n.erase(0, n.find_first_not_of(" \t"));
                n.erase(n.find_last_not_of(" \t") + 1);
                if (!n.empty()) {
                    names.push_back(std::move(n));
                }
                i = comma == std::string::npos ? v.size() : comma + 1;
            }
        }
    }
    Trailers t;
    if (names.empty()) {
        return t;
    }
    t.announced = true;
    for (auto it = headers.begin(); it != headers.end();) {
        const bool listed = std::any_of(names.begin(), names.end(), [&](const std::string& n) {
            return !strcasecmp(n.c_str(), it->first.c_str());
        });
        if (listed) {
            t.fields.push_back(std::move(*it));
            it = headers.erase(it);
        } else {
            ++it;
        }
    }
    return t;
}

} // namespace rr::http
