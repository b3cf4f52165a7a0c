#include "env.hpp"

#include "config.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace rr::config {
namespace {

bool name_start(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool name_char(char c) {
    return name_start(c) || (c >= '0' && c <= '9');
}

// Index of the '}' closing the `${` whose body starts at `from`, honouring nested `${...}`.
std::size_t closing_brace(std::string_view s, std::size_t from) {
    int depth = 1;
    for (std::size_t i = from; i < s.size(); ++i) {
        if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') {
            ++depth;
            ++i;
        } else if (s[i] == '}' && --depth == 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

} // namespace

std::optional<std::string> getenv_lookup(const std::string& name) {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) {
        return std::nullopt;
    }
    return std::string(v);
}

std::string expand_env(std::string_view key, std::string_view value, const EnvLookup& lookup) {
    std::string out;
    out.reserve(value.size());
    std::size_t i = 0;
    while (i < value.size()) {
        const char c = value[i];
        if (c != '$' || i + 1 == value.size()) {
            out += c;
            ++i;
            continue;
        }
        const char next = value[i + 1];
        if (name_start(next)) {
            std::size_t end = i + 1;
            while (end < value.size() && name_char(value[end])) {
                ++end;
            }
            out += lookup(std::string(value.substr(i + 1, end - i - 1))).value_or("");
            i = end;
            continue;
        }
        if (next == '$') {
            out += '$'; // "$$" is a literal "$"
            i += 2;
            continue;
        }
        if (next != '{') {
            out += c; // "$1", "a $ b": kept as written
            ++i;
            continue;
        }
        const std::size_t close = closing_brace(value, i + 2);
        if (close == std::string_view::npos) {
            throw ConfigError(fmt::format("{}: '{}' has a '${{' without its closing '}}'", key, value));
        }
        const std::string_view body = value.substr(i + 2, close - i - 2);
        std::size_t n = 0;
        while (n < body.size() && name_char(body[n])) {
            ++n;
        }
        if (n == 0 || !name_start(body[0])) {
            throw ConfigError(fmt::format(
                "{}: '{}' has '${{{}}}', which names no variable: write ${{NAME}} or ${{NAME:-default}}", key,
                value, body));
        }
        const std::string name(body.substr(0, n));
        if (n == body.size()) {
            out += lookup(name).value_or("");
        } else if (body.substr(n, 2) == ":-") {
            const auto v = lookup(name);
            if (v && !v->empty()) {
                out += *v;
            } else {
                out += expand_env(key, body.substr(n + 2), lookup);
            }
        } else {
            throw ConfigError(
                fmt::format("{}: '{}' uses '${{{}}}': only ${{NAME}} and ${{NAME:-default}} are supported",
                            key, value, body));
        }
        i = close + 1;
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> parse_dotenv(std::string_view origin,
                                                              std::string_view text) {
    std::vector<std::pair<std::string, std::string>> vars;
    std::size_t pos = 0;
    int line_no = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) {
            eol = text.size();
        }
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        ++line_no;
        auto trim_left = [](std::string_view s) {
            while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
                s.remove_prefix(1);
            }
            return s;
        };
        auto trim_right = [](std::string_view s) {
            while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
                s.remove_suffix(1);
            }
            return s;
        };
        line = trim_left(trim_right(line));
        if (line.empty() || line.front() == '#') {
            continue;
        }
        if (line.substr(0, 7) == "export ") {
            line = trim_left(line.substr(7));
        }
        const std::size_t eq = line.find('=');
        const std::string_view name = eq == std::string_view::npos ? line : trim_right(line.substr(0, eq));
        bool ok = eq != std::string_view::npos && !name.empty() && name_start(name[0]);
        for (const char ch : name) {
            ok = ok && (name_char(ch) || ch == '.');
        }
        if (!ok) {
            throw ConfigError(
                fmt::format("{} line {}: '{}' is not a NAME=value line", origin, line_no, line));
        }
        std::string_view raw = trim_left(line.substr(eq + 1));
        std::string value;
        if (!raw.empty() && (raw.front() == '"' || raw.front() == '\'')) {
            const char q = raw.front();
            // A quoted value may span lines: look for the closing quote in the rest of the text.
            const auto start = static_cast<std::size_t>(raw.data() - text.data()) + 1;
            std::size_t i = start;
            bool closed = false;
            for (; i < text.size(); ++i) {
                const char ch = text[i];
                if (q == '"' && ch == '\\' && i + 1 < text.size()) {
                    const char e = text[++i];
                    value += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
                    continue;
                }
                if (ch == q) {
                    closed = true;
                    break;
                }
                if (ch == '\n') {
                    ++line_no;
                }
                value += ch;
            }
            if (!closed) {
                throw ConfigError(
                    fmt::format("{} line {}: the value of {} has no closing {}", origin, line_no, name, q));
            }
            std::size_t rest_end = text.find('\n', i);
            if (rest_end == std::string_view::npos) {
                rest_end = text.size();
            }
            const std::string_view rest = trim_left(trim_right(text.substr(i + 1, rest_end - i - 1)));
            if (!rest.empty() && rest.front() != '#') {
                throw ConfigError(fmt::format("{} line {}: unexpected '{}' after the quoted value of {}",
                                              origin, line_no, rest, name));
            }
            pos = rest_end + 1;
        } else {
            const std::size_t hash = raw.find(" #");
            value = std::string(trim_right(hash == std::string_view::npos ? raw : raw.substr(0, hash)));
        }
        vars.emplace_back(std::string(name), std::move(value));
    }
    return vars;
}

void load_dotenv(const std::string& path, std::string_view what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw ConfigError(fmt::format("{}: cannot read '{}': {}", what, path, std::strerror(errno)));
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    for (const auto& [name, value] : parse_dotenv(path, ss.str())) {
        ::setenv(name.c_str(), value.c_str(), 0);
    }
}

} // namespace rr::config
