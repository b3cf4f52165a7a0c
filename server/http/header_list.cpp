#include "header_list.hpp"

#include <algorithm>
#include <strings.h>

namespace rr::http {
namespace {
bool same(std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}
} // namespace

goridge::HeaderValues* find_header(goridge::HeaderList& h, std::string_view name) {
    for (auto& [n, v] : h) {
        if (same(n, name)) {
            return &v;
        }
    }
    return nullptr;
}

const goridge::HeaderValues* find_header(const goridge::HeaderList& h, std::string_view name) {
    for (const auto& [n, v] : h) {
        if (same(n, name)) {
            return &v;
        }
    }
    return nullptr;
}

std::string_view header_value(const goridge::HeaderList& h, std::string_view name) {
    const auto* v = find_header(h, name);
    return v == nullptr || v->empty() ? std::string_view() : std::string_view(v->front());
}

void set_header(goridge::HeaderList& h, std::string_view name, std::string value) {
    if (auto* v = find_header(h, name)) {
        v->assign(1, std::move(value));
        return;
    }
    h.emplace_back(std::string(name), goridge::HeaderValues{std::move(value)});
}

void append_header(goridge::HeaderList& h, std::string_view name, std::string value) {
    if (auto* v = find_header(h, name)) {
        v->push_back(std::move(value));
        return;
    }
    h.emplace_back(std::string(name), goridge::HeaderValues{std::move(value)});
}

void remove_header(goridge::HeaderList& h, std::string_view name) {
    std::erase_if(h, [&](const auto& e) { return same(e.first, name); });
}

} // namespace rr::http
