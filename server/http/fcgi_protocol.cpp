#include "fcgi_protocol.hpp"

namespace rr::http::fcgi {

namespace {

void append_header(std::string& out, uint8_t type, uint16_t id, std::size_t length) {
    const char h[kHeaderSize] = {1,
                                 static_cast<char>(type),
                                 static_cast<char>(id >> 8),
                                 static_cast<char>(id & 0xff),
                                 static_cast<char>((length >> 8) & 0xff),
                                 static_cast<char>(length & 0xff),
                                 0,
                                 0};
    out.append(h, kHeaderSize);
}

// A pair's length: one byte below 128, else four bytes with the top bit set.
bool read_length(std::string_view& in, std::size_t& n) {
    if (in.empty()) {
        return false;
    }
    const auto b0 = static_cast<uint8_t>(in[0]);
    if ((b0 & 0x80) == 0) {
        n = b0;
        in.remove_prefix(1);
        return true;
    }
    if (in.size() < 4) {
        return false;
    }
    n = (static_cast<std::size_t>(b0 & 0x7f) << 24) |
        (static_cast<std::size_t>(static_cast<uint8_t>(in[1])) << 16) |
        (static_cast<std::size_t>(static_cast<uint8_t>(in[2])) << 8) | static_cast<uint8_t>(in[3]);
    in.remove_prefix(4);
    return true;
}

void append_length(std::string& out, std::size_t n) {
    if (n < 128) {
        out.push_back(static_cast<char>(n));
        return;
    }
    out.push_back(static_cast<char>(((n >> 24) & 0x7f) | 0x80));
    out.push_back(static_cast<char>((n >> 16) & 0xff));
    out.push_back(static_cast<char>((n >> 8) & 0xff));
    out.push_back(static_cast<char>(n & 0xff));
}

} // namespace

Header parse_header(std::string_view in) {
    Header h;
    h.version = static_cast<uint8_t>(in[0]);
    h.type = static_cast<uint8_t>(in[1]);
    h.request_id = static_cast<uint16_t>((static_cast<uint8_t>(in[2]) << 8) | static_cast<uint8_t>(in[3]));
    h.content_length =
        static_cast<uint16_t>((static_cast<uint8_t>(in[4]) << 8) | static_cast<uint8_t>(in[5]));
    h.padding_length = static_cast<uint8_t>(in[6]);
    return h;
}

std::optional<std::vector<std::pair<std::string, std::string>>> parse_pairs(std::string_view in) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!in.empty()) {
        std::size_t nlen = 0;
        std::size_t vlen = 0;
        if (!read_length(in, nlen) || !read_length(in, vlen) || nlen > in.size() || vlen > in.size() - nlen) {
            return std::nullopt;
        }
        out.emplace_back(std::string(in.substr(0, nlen)), std::string(in.substr(nlen, vlen)));
        in.remove_prefix(nlen + vlen);
    }
    return out;
}

void append_pair(std::string& out, std::string_view name, std::string_view value) {
    append_length(out, name.size());
    append_length(out, value.size());
    out.append(name).append(value);
}

void append_records(std::string& out, uint8_t type, uint16_t request_id, std::string_view content) {
    do {
        const std::size_t n = std::min(content.size(), kMaxContent);
        append_header(out, type, request_id, n);
        out.append(content.substr(0, n));
        content.remove_prefix(n);
    } while (!content.empty());
}

void append_end_request(std::string& out, uint16_t request_id, uint32_t app_status, uint8_t protocol_status) {
    append_header(out, kEndRequest, request_id, 8);
    const char body[8] = {static_cast<char>(app_status >> 24),
                          static_cast<char>((app_status >> 16) & 0xff),
                          static_cast<char>((app_status >> 8) & 0xff),
                          static_cast<char>(app_status & 0xff),
                          static_cast<char>(protocol_status),
                          0,
                          0,
                          0};
    out.append(body, 8);
}

} // namespace rr::http::fcgi
