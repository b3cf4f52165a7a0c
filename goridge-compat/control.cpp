#include "control.hpp"

#include <boost/json.hpp>

#include <cstdint>

namespace rr::goridge {
namespace json = boost::json;

std::string pid_payload(int64_t pid, bool offers) {
    return "{\"pid\":" + std::to_string(pid) + (offers ? ",\"offers\":true}" : "}");
}

namespace {
bool truthy(const json::value& v) {
    if (v.is_bool())
        return v.as_bool();
    if (v.is_int64())
        return v.as_int64() != 0;
    if (v.is_uint64())
        return v.as_uint64() != 0;
    if (v.is_double())
        return v.as_double() != 0.0;
    if (v.is_string())
        return !v.as_string().empty() && v.as_string() != "0";
    if (v.is_array())
        return !v.as_array().empty();
    if (v.is_object())
        return !v.as_object().empty();
    return false;
}
} // namespace

ControlCommand parse_control(std::string_view payload) {
    ControlCommand cmd;
    boost::system::error_code ec;
    json::value v = json::parse(payload, ec);
    if (ec || !v.is_object()) {
        return cmd;
    }
    cmd.valid = true;
    const auto& o = v.as_object();
    if (const auto* p = o.if_contains("pid")) {
        // A pid is a positive 32-bit number; anything else is no pid at all.
        if (p->is_int64() && p->as_int64() > 0 && p->as_int64() <= INT32_MAX)
            cmd.pid = p->as_int64();
    }
    if (const auto* s = o.if_contains("stop")) {
        cmd.stop = truthy(*s);
    }
    if (const auto* f = o.if_contains("offers")) {
        cmd.offers = truthy(*f);
    }
    return cmd;
}

bool is_stop_reply(std::string_view context, std::string_view body) {
    if (!body.empty() || context.empty() || context.size() > 64) {
        return false;
    }
    const ControlCommand c = parse_control(context);
    return c.valid && c.stop;
}

} // namespace rr::goridge
