#include "classic_route.hpp"

#include "goridge-compat/text.hpp"

#include <cctype>

namespace rr::http {
namespace {

using Kind = PathResolver::Kind;
constexpr auto kLook = PathResolver::Open::no;

std::string percent_encode_path(std::string_view path) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : path) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 15]);
        }
    }
    return out;
}

bool ends_with_php(std::string_view p) {
    return p.size() > 4 && p.substr(p.size() - 4) == ".php"; // case-sensitive, as nginx's location
}

ClassicRoute answer(int status, std::string body, goridge::HeaderList headers = {}) {
    ClassicRoute r;
    r.kind = ClassicRoute::Kind::answer;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

} // namespace

ClassicRoute route_classic(const PathResolver& root, std::string_view target, std::string_view method,
                           const ClassicRules& rules) {
    auto r = root.resolve(target, kLook);
    if (r.kind == Kind::bad_request) {
        return answer(400, "bad request path\n");
    }
    if (r.kind == Kind::forbidden) {
        return answer(403, "forbidden\n");
    }
    ClassicRoute route;
    ScriptTarget& script = route.script;
    script.document_root = root.dir();
    const std::string index = "/" + rules.index;
    auto may_run = [&](const std::string& rel) { return rules.run_any_php || rel == index; };

    if (r.kind == Kind::directory) {
        if (!r.trailing_slash && r.rel != "/") {
            // nginx's answer for a directory without its slash. The Location is built from the
            // normalised path (never from the raw target: "//host" would point elsewhere).
            std::string location = percent_encode_path(r.rel) + "/";
            if (const auto q = target.find('?'); q != std::string_view::npos) {
                location += text::without_crlf(target.substr(q));
            }
            return answer(301, "", {{"Location", goridge::HeaderValues{location}}});
        }
        const std::string base = r.rel == "/" ? "" : r.rel;
        auto idx = root.resolve_path(base + "/index.php", kLook);
        if (idx.kind == Kind::file && may_run(idx.rel)) {
            script.script_name = idx.rel;
            script.st = idx.st;
        } else if (auto html = root.resolve_path(base + "/index.html", kLook); html.kind == Kind::file) {
            r = std::move(html);
        } else if (r.rel != "/") {
            return answer(403, "forbidden\n"); // a directory without an index: nginx refuses to list it
        }
    } else if (r.kind == Kind::file && ends_with_php(r.rel)) {
        if (!may_run(r.rel)) {
            return answer(403, "forbidden\n");
        }
        script.script_name = r.rel;
        script.st = r.st;
    } else if (r.kind == Kind::none) {
        // "/script.php/extra/path": the first ".php" segment is the script, the rest PATH_INFO.
        const std::string full = r.rel + (r.trailing_slash ? "/" : "");
        const auto php = full.find(".php/");
        if (php != std::string::npos) {
            const std::string name = full.substr(0, php + 4);
            auto s = root.resolve_path(name, kLook);
            if (s.kind != Kind::file || !may_run(s.rel)) {
                return answer(404, "not found\n");
            }
            script.script_name = name;
            script.path_info = full.substr(php + 4);
            script.st = s.st;
        } else if (ends_with_php(r.rel)) {
            return answer(404, "not found\n"); // a missing script is not routed
        }
    }
    if (script.script_name.empty() && r.kind == Kind::file) {
        if (text::file_extension(r.rel) == ".php") {
            // ".PHP", ".Php", ...: PHP source is never sent as text, whatever the case of its name.
            return answer(403, "forbidden\n");
        }
        if (method != "GET" && method != "HEAD") {
            return answer(405, "method not allowed\n", {{"Allow", goridge::HeaderValues{"GET, HEAD"}}});
        }
        route.kind = ClassicRoute::Kind::static_file;
        route.file = std::move(r);
        return route;
    }
    if (script.script_name.empty()) {
        // Nothing matched: the front controller (try_files ... /index.php?$query_string).
        auto front = rules.index.empty() ? PathResolver::Resolved{} : root.resolve_path(index, kLook);
        if (front.kind != Kind::file) {
            return answer(404, "not found\n");
        }
        script.script_name = index;
        script.st = front.st;
    }
    script.filename = root.dir() + script.script_name;
    route.kind = ClassicRoute::Kind::script;
    return route;
}

} // namespace rr::http
