// HTTP/2 header fields as a request and an answer carry them, for the master's HTTP/2 sessions and
// a direct-dispatch worker's alike (nghttp2's field struct only: the callers submit the frames).
#pragma once

#include "goridge-compat/http1_response.hpp"
#include "goridge-compat/http_context.hpp"
#include "goridge-compat/http_request.hpp"

#include <boost/container/small_vector.hpp>
#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace rr::http {

// Connection-specific fields have no place in HTTP/2 (RFC 9113 §8.2.2); the protocol owns the
// rest (Content-Length, Date): an answer's header of these names is not sent.
bool h2_drops(std::string_view name);

// One field of a request's header block: the pseudo-headers become the method, the target and
// Host (:scheme is the connection's business); the others are headers as received.
void add_h2_request_field(Request& r, std::string_view name, std::string_view value);

// Header fields as nghttp2 takes them: names lower-cased. nghttp2 copies them when a frame is
// submitted, so they are kept in one buffer on the stack (the usual answer's fields need no heap).
class H2Fields {
public:
    void add(std::string_view name, std::string_view value) {
        const std::size_t at = bytes_.size();
        bytes_.insert(bytes_.end(), name.begin(), name.end());
        bytes_.insert(bytes_.end(), value.begin(), value.end());
        spans_.push_back({at, name.size(), value.size()});
    }
    // The headers `ok` lets through, but for those HTTP/2 drops (h2_drops).
    void add_all(const goridge::HeaderList& headers, FieldFilter ok) {
        for (const auto& [name, values] : headers) {
            if (h2_drops(name)) {
                continue;
            }
            for (const auto& v : values) {
                if (ok(name, v)) {
                    const std::size_t at = bytes_.size();
                    add(name, v);
                    std::transform(bytes_.begin() + static_cast<std::ptrdiff_t>(at),
                                   bytes_.begin() + static_cast<std::ptrdiff_t>(at + name.size()),
                                   bytes_.begin() + static_cast<std::ptrdiff_t>(at), [](char c) {
                                       return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
                                   });
                }
            }
        }
    }
    // Valid until the next add().
    boost::container::small_vector<nghttp2_nv, 16>& nva() {
        nva_.clear();
        auto* base = reinterpret_cast<uint8_t*>(bytes_.data());
        for (const Span& f : spans_) {
            nva_.push_back({base + f.at, base + f.at + f.name, f.name, f.value, NGHTTP2_NV_FLAG_NONE});
        }
        return nva_;
    }

private:
    struct Span {
        std::size_t at;
        std::size_t name;
        std::size_t value;
    };
    boost::container::small_vector<char, 512> bytes_;
    boost::container::small_vector<Span, 16> spans_;
    boost::container::small_vector<nghttp2_nv, 16> nva_;
};

} // namespace rr::http
