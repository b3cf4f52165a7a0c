// What a listener holds of each connection it accepted, whatever it speaks (HTTP, FastCGI).
#pragma once

#include <functional>

namespace rr::http {

class ServedConnection {
public:
    virtual ~ServedConnection() = default;
    // Starts serving; `on_close` runs once when the connection is done.
    virtual void start(std::function<void(ServedConnection*)> on_close) = 0;
    // Graceful shutdown: an idle connection closes now; a busy one after its current response.
    virtual void stop_if_idle() = 0;
};

} // namespace rr::http
