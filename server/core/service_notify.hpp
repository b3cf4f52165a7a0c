// systemd's readiness protocol for Type=notify units (sd_notify from libsystemd): READY=1 once the
// server serves, RELOADING=1 while a SIGHUP reload replaces the workers, STOPPING=1 when it stops.
// Outside systemd (no NOTIFY_SOCKET in the environment) each call does nothing.
#pragma once

#include <string_view>

namespace rr::service {

void ready(std::string_view status);
void reloading();
void stopping();

} // namespace rr::service
