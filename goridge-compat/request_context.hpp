// RoadRunner's request context (uri, headers without Host, cookies, query) for a parsed request:
// what the master sends a worker with each job, and what a direct-dispatch worker builds itself.
#pragma once

#include "goridge-compat/http_context.hpp"
#include "goridge-compat/http_request.hpp"

namespace rr::http {

goridge::HttpRequestContext build_context(const Request& req, const ConnectionInfo& info);

// The front's $_SERVER variables as request attributes: one attribute each, and one more
// (goridge::kAttrServerVars) listing their names. Embedded workers put them in $_SERVER, goridge
// workers see the attributes.
goridge::HeaderList server_var_attributes(const std::vector<std::pair<std::string, std::string>>& vars);

} // namespace rr::http
