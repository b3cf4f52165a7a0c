// Messages between the master and the zygote over their SOCK_SEQPACKET control socket.
// Plain C++ (no PHP): the server includes it too.
#pragma once

#include <cstdint>

namespace rr::zygote {

enum class MsgType : uint32_t {
    ready = 1,      // zygote -> master: PHP module started; pid = zygote pid
    startup_failed, // zygote -> master: PHP module startup failed
    spawn,          // master -> zygote: fork a worker; carries its fd 0, 1, 2, then the optional
                    // fds named in `status` (kWithOfferSlot, kWithRpc, kWithListener,
                    // kWithTlsListener), in that order
    spawned,        // zygote -> master: worker `id` has pid `pid`
    spawn_failed,   // zygote -> master: fork failed for worker `id`; status = errno
    exited,         // zygote -> master: worker `pid` exited; status = wait status
};

// the worker's stdin, stdout, stderr, offer slot, RPC channel, HTTP listener, HTTPS listener
inline constexpr int kMaxFds = 7;
inline constexpr int32_t kWithOfferSlot = 1;
inline constexpr int32_t kWithRpc = 2;
inline constexpr int32_t kWithListener = 4;    // http.pool.dispatch: direct: the worker accepts on it
inline constexpr int32_t kWithTlsListener = 8; // ... and on this one with TLS (http.ssl)

struct Message {
    MsgType type;
    uint32_t id;
    int32_t pid;
    int32_t status;
};

} // namespace rr::zygote
