// STDIN, STDOUT and STDERR, as php-cli defines them, so scripts that log with fwrite(STDERR, ...)
// run unchanged. Which streams they are depends on what the script is.
#pragma once

namespace rr::sapi {

class StdioRelay;

enum class StdStreams {
    // An rr_handle_request() script: fd 0 and 1 carry the goridge channel to the master, so STDOUT
    // writes to the log like STDERR (nothing it prints can corrupt the channel), STDIN reads nothing.
    log,
    // A stock RoadRunner script fed by the master: STDIN and STDOUT are the channel itself, as under
    // php-cli.
    channel,
};

void register_std_streams(StdStreams which);

// A stock RoadRunner script fed by its own worker (direct dispatch): STDIN and STDOUT are `relay`
// (sapi/stdio_relay.hpp), which must outlive the PHP request.
void register_std_streams(StdioRelay& relay);

} // namespace rr::sapi
