#include "http_context.hpp"

#include "goridge-compat/text.hpp"

#include <boost/json.hpp>

namespace rr::goridge {
namespace json = boost::json;

namespace {

// Accepts an object of string arrays (or single strings); null and [] mean empty.
bool read_header_object(const json::value* v, HeaderList& out, std::string& error, const char* what) {
    if (v == nullptr || v->is_null()) {
        return true;
    }
    if (v->is_array() && v->as_array().empty()) {
        return true; // PHP's json_encode([]) for an empty map
    }
    if (!v->is_object()) {
        error = std::string(what) + " must be an object";
        return false;
    }
    for (const auto& [key, val] : v->as_object()) {
        HeaderValues values;
        if (val.is_string()) {
            values.emplace_back(val.as_string());
        } else if (val.is_array()) {
            for (const auto& item : val.as_array()) {
                if (item.is_string()) {
                    values.emplace_back(item.as_string());
                } else if (item.is_int64() || item.is_uint64() || item.is_double()) {
                    values.emplace_back(json::serialize(item));
                }
            }
        } else if (val.is_null()) {
            continue;
        } else {
            error = std::string(what) + " value for '" + std::string(key) + "' must be a list of strings";
            return false;
        }
        out.emplace_back(std::string(key), std::move(values));
    }
    return true;
}

std::string string_field(const json::object& o, std::string_view key) {
    auto it = o.find(key);
    if (it == o.end() || !it->value().is_string()) {
        return {};
    }
    return std::string(it->value().as_string());
}

// A whole number in [lo, hi], or `def` when the field is missing, not a number, fractional or out
// of range (a peer's {"status":1e19} must not reach an unchecked conversion).
int64_t int_field(const json::object& o, std::string_view key, int64_t def, int64_t lo, int64_t hi) {
    auto it = o.find(key);
    if (it == o.end()) {
        return def;
    }
    const auto& v = it->value();
    if (v.is_int64()) {
        const int64_t n = v.as_int64();
        return n >= lo && n <= hi ? n : def;
    }
    if (v.is_uint64()) {
        const uint64_t n = v.as_uint64();
        return hi >= 0 && n <= static_cast<uint64_t>(hi) && static_cast<int64_t>(n) >= lo
                   ? static_cast<int64_t>(n)
                   : def;
    }
    if (v.is_double()) {
        const double d = v.as_double();
        // Compared as doubles first: both bounds are far inside what a double holds exactly enough.
        if (!(d >= static_cast<double>(lo) && d <= static_cast<double>(hi)) ||
            d != static_cast<double>(static_cast<int64_t>(d))) {
            return def;
        }
        return static_cast<int64_t>(d);
    }
    return def;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

} // namespace

namespace {

// Length of the valid UTF-8 sequence starting at s[i] (which is >= 0x80), or 0 if invalid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    std::size_t len;
    uint32_t cp;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + len > s.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < len; ++k) {
        if ((b(i + k) & 0xc0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (b(i + k) & 0x3f);
    }
    // Overlong forms, surrogates and code points above U+10FFFF are invalid.
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff)) {
        return 0;
    }
    return len;
}

// The members of a header object, after `first` says whether one was written already.
void append_header_members(std::string& out, const HeaderList& list, Utf8 strings, bool& first) {
    for (const auto& [name, values] : list) {
        if (!first)
            out.push_back(',');
        first = false;
        append_json_string(out, name, strings);
        out.append(":[");
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i > 0)
                out.push_back(',');
            append_json_string(out, values[i], strings);
        }
        out.push_back(']');
    }
}

void append_header_object(std::string& out, const HeaderList& list, Utf8 strings,
                          const HeaderList* more = nullptr) {
    out.push_back('{');
    bool first = true;
    append_header_members(out, list, strings, first);
    if (more != nullptr) {
        append_header_members(out, *more, strings, first);
    }
    out.push_back('}');
}

void append_key(std::string& out, std::string_view key) {
    out.push_back('"');
    out.append(key);
    out.append("\":");
}

// Parses into `mr` (an arena on the caller's stack): the tree lives only until its strings are
// copied out, so it needs no heap allocation per node.
json::value parse_lenient(std::string_view text, boost::system::error_code& ec, json::storage_ptr mr) {
    json::parse_options opts;
    opts.allow_invalid_utf8 = true;
    return json::parse(text, ec, std::move(mr), opts);
}

} // namespace

void append_json_string(std::string& out, std::string_view s, Utf8 strings) {
    static const char* hex = "0123456789abcdef";
    out.push_back('"');
    std::size_t run = 0; // start of bytes that need no escaping
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\' && (c < 0x80 || strings == Utf8::keep)) {
            ++i;
            continue;
        }
        if (c >= 0x80) { // Utf8::replace
            const std::size_t len = utf8_sequence_length(s, i);
            if (len > 0) {
                i += len;
                continue;
            }
            out.append(s.substr(run, i - run));
            out.append("\xef\xbf\xbd"); // U+FFFD
            run = ++i;
            continue;
        }
        out.append(s.substr(run, i - run));
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            out.append("\\u00");
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
        run = ++i;
    }
    out.append(s.substr(run));
    out.push_back('"');
}

std::string encode_json(const HttpRequestContext& ctx, Utf8 strings) {
    std::string out;
    out.reserve(256 + ctx.uri.size() + ctx.headers.size() * 48);
    bool first = true;
    auto key = [&](std::string_view k) {
        out.push_back(first ? '{' : ',');
        first = false;
        append_key(out, k);
    };
    auto text = [&](std::string_view k, std::string_view v) {
        key(k);
        append_json_string(out, v, strings);
    };
    auto raw = [&](std::string_view k, std::string_view v) {
        key(k);
        out.append(v);
    };
    text("remoteAddr", ctx.remote_addr);
    text("protocol", ctx.protocol);
    text("method", ctx.method);
    text("uri", ctx.uri);
    key("headers");
    append_header_object(out, ctx.headers, strings);
    key("cookies");
    out.push_back('{');
    for (std::size_t i = 0; i < ctx.cookies.size(); ++i) {
        if (i > 0)
            out.push_back(',');
        append_json_string(out, ctx.cookies[i].first, strings);
        out.push_back(':');
        append_json_string(out, ctx.cookies[i].second, strings);
    }
    out.push_back('}');
    text("rawQuery", ctx.raw_query);
    raw("parsed", ctx.parsed ? "true" : "false");
    raw("uploads", ctx.uploads.empty() ? std::string_view("null") : std::string_view(ctx.uploads));
    key("attributes");
    append_header_object(out, ctx.attributes, strings, ctx.connection_attributes.get());
    if (ctx.remote_port != 0)
        raw("remotePort", std::to_string(ctx.remote_port));
    if (!ctx.server_addr.empty())
        text("serverAddr", ctx.server_addr);
    if (ctx.server_port != 0)
        raw("serverPort", std::to_string(ctx.server_port));
    if (ctx.tls)
        raw("tls", "true");
    out.push_back('}');
    return out;
}

std::string encode_json(const HttpResponseContext& ctx, Utf8 strings) {
    std::string out;
    out.reserve(32 + ctx.headers.size() * 48);
    out.append("{\"status\":");
    out.append(std::to_string(ctx.status));
    out.append(",\"headers\":");
    append_header_object(out, ctx.headers, strings);
    out.push_back('}');
    return out;
}

std::optional<HttpRequestContext> decode_request_json(std::string_view text, std::string& error) {
    boost::system::error_code ec;
    unsigned char arena[8192];
    json::monotonic_resource mr(arena, sizeof arena);
    json::value v = parse_lenient(text, ec, &mr);
    if (ec) {
        error = "invalid JSON request context: " + ec.message();
        return std::nullopt;
    }
    if (!v.is_object()) {
        error = "request context must be a JSON object";
        return std::nullopt;
    }
    const auto& o = v.as_object();
    HttpRequestContext ctx;
    ctx.remote_addr = string_field(o, "remoteAddr");
    ctx.protocol = string_field(o, "protocol");
    ctx.method = string_field(o, "method");
    ctx.uri = string_field(o, "uri");
    ctx.raw_query = string_field(o, "rawQuery");
    if (!read_header_object(o.if_contains("headers"), ctx.headers, error, "headers") ||
        !read_header_object(o.if_contains("attributes"), ctx.attributes, error, "attributes")) {
        return std::nullopt;
    }
    if (const auto* c = o.if_contains("cookies"); c != nullptr && c->is_object()) {
        for (const auto& [k, val] : c->as_object()) {
            if (val.is_string()) {
                ctx.cookies.emplace_back(std::string(k), std::string(val.as_string()));
            }
        }
    }
    if (const auto* p = o.if_contains("parsed"); p != nullptr && p->is_bool()) {
        ctx.parsed = p->as_bool();
    }
    // The uploads tree is an object (or a list); anything else is no uploads (a number such as
    // 8e2570 would not even survive being encoded again).
    if (const auto* u = o.if_contains("uploads"); u != nullptr && (u->is_object() || u->is_array())) {
        ctx.uploads = json::serialize(*u);
    }
    ctx.remote_port = static_cast<uint16_t>(int_field(o, "remotePort", 0, 0, 65535));
    ctx.server_addr = string_field(o, "serverAddr");
    ctx.server_port = static_cast<uint16_t>(int_field(o, "serverPort", 0, 0, 65535));
    if (const auto* t = o.if_contains("tls"); t != nullptr && t->is_bool()) {
        ctx.tls = t->as_bool();
    }
    return ctx;
}

std::optional<HttpResponseContext> decode_response_json(std::string_view text, std::string& error) {
    boost::system::error_code ec;
    unsigned char arena[4096];
    json::monotonic_resource mr(arena, sizeof arena);
    json::value v = parse_lenient(text, ec, &mr);
    if (ec) {
        error = "invalid JSON response context: " + ec.message();
        return std::nullopt;
    }
    if (!v.is_object()) {
        error = "response context must be a JSON object";
        return std::nullopt;
    }
    const auto& o = v.as_object();
    HttpResponseContext ctx;
    ctx.status = static_cast<int>(int_field(o, "status", 0, 0, 999));
    if (!read_header_object(o.if_contains("headers"), ctx.headers, error, "headers")) {
        return std::nullopt;
    }
    return ctx;
}

std::string canonical_header_key(std::string_view name) {
    for (unsigned char c : name) {
        if (!text::is_token_char(c)) {
            return std::string(name);
        }
    }
    std::string out(name);
    bool upper = true;
    for (char& c : out) {
        if (upper && c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        } else if (!upper && c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
        upper = (c == '-');
    }
    return out;
}

void parse_cookie_header(std::string_view header, std::vector<std::pair<std::string, std::string>>& out) {
    while (!header.empty()) {
        const auto semi = header.find(';');
        std::string_view part = trim(header.substr(0, semi));
        header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
        if (part.empty()) {
            continue;
        }
        const auto eq = part.find('=');
        if (eq == std::string_view::npos || eq == 0) {
            continue;
        }
        std::string_view name = trim(part.substr(0, eq));
        if (!text::is_token(name)) {
            continue; // not a cookie name (as Go's net/http drops it for RoadRunner)
        }
        std::string_view raw = trim(part.substr(eq + 1));
        if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"') {
            raw = raw.substr(1, raw.size() - 2);
        }
        std::string value;
        value.reserve(raw.size());
        bool ok = true;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '%') {
                if (i + 2 >= raw.size()) {
                    ok = false;
                    break;
                }
                const int hi = hex_value(raw[i + 1]);
                const int lo = hex_value(raw[i + 2]);
                if (hi < 0 || lo < 0) {
                    ok = false;
                    break;
                }
                value.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
            } else if (raw[i] == '+') {
                value.push_back(' ');
            } else {
                value.push_back(raw[i]);
            }
        }
        if (!ok) {
            continue;
        }
        // One entry per name, the last one winning, as RoadRunner's map of cookies: the JSON
        // object then has no duplicate keys.
        auto same = std::find_if(out.begin(), out.end(), [&](const auto& c) { return c.first == name; });
        if (same != out.end()) {
            same->second = std::move(value);
        } else {
            out.emplace_back(std::string(name), std::move(value));
        }
    }
}

void add_header(HeaderList& list, std::string_view name, std::string_view value) {
    for (auto& [n, values] : list) {
        if (n == name) {
            values.emplace_back(value);
            return;
        }
    }
    list.emplace_back(std::string(name), HeaderValues{std::string(value)});
}

} // namespace rr::goridge
