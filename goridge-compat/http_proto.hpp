// RoadRunner's HTTP context in protobuf form (http.v1.Request / Response, frame flag 0x80), the
// form RoadRunner 2024.1+ sends; roadrunner-http 3.5+ workers read either form.
#pragma once

#include "goridge-compat/http_context.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace rr::goridge {

std::string encode_request_proto(const HttpRequestContext& ctx);
std::optional<HttpResponseContext> decode_response_proto(std::string_view bytes, std::string& error);

} // namespace rr::goridge
