#include "service_notify.hpp"

#include <systemd/sd-daemon.h>

#include <string>

namespace rr::service {

void ready(std::string_view status) {
    std::string msg = "READY=1";
    if (!status.empty()) {
        msg += "\nSTATUS=";
        msg += status;
    }
    ::sd_notify(0, msg.c_str());
}

void reloading() {
    ::sd_notify(0, "RELOADING=1\nSTATUS=reloading");
}

void stopping() {
    ::sd_notify(0, "STOPPING=1\nSTATUS=stopping");
}

} // namespace rr::service
