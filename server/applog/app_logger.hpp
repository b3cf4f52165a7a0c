// RoadRunner's app logger (`app.*` RPC, as roadrunner-php/app-logger calls it): the application's
// log lines go to rr-php's log, channel "app", with the calling worker's pid.
//   app.Error / Warning / Info / Debug: the JSON codec, a string; the reply is `false`, as RR's.
//   app.Log: the message as it is, on stderr (RR writes it raw).
//   app.<Level>WithContext, app.LogWithContext: the proto codec, applogger.v1.LogEntry (message and
//   key/value attributes: JSON members in JSON logs, ` key=value` after the message otherwise);
//   the reply is an empty applogger.v1.Response.
#pragma once

#include "server/rpc/dispatcher.hpp"

namespace rr::applog {

void register_rpc(rpc::Dispatcher& dispatcher);

} // namespace rr::applog
