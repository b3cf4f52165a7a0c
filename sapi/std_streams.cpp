#include "std_streams.hpp"

#include "sapi/php_headers.hpp"
#include "sapi/stdio_relay.hpp"

#include <cstring>

namespace rr::sapi {
namespace {

void define(const char* name, php_stream* stream) {
    if (stream == nullptr) {
        return;
    }
    stream->flags |= PHP_STREAM_FLAG_NO_CLOSE; // the worker's fds stay open whatever the script does
    zend_constant c;
    php_stream_to_zval(stream, &c.value);
    ZEND_CONSTANT_SET_FLAGS(&c, CONST_CS, 0);
    c.name = zend_string_init_interned(name, std::strlen(name), 0);
    zend_register_constant(&c);
}

php_stream* open(const char* path, const char* mode) {
    return php_stream_open_wrapper_ex(path, mode, 0, nullptr, nullptr);
}

StdioRelay& relay_of(php_stream* stream) {
    return *static_cast<StdioRelay*>(stream->abstract);
}

ssize_t relay_write(php_stream* stream, const char* buf, size_t count) {
    return relay_of(stream).write(std::string_view(buf, count)) ? static_cast<ssize_t>(count) : -1;
}

ssize_t relay_read(php_stream* stream, char* buf, size_t count) {
    const std::size_t n = relay_of(stream).read(buf, count);
    if (n == 0) {
        stream->eof = 1;
    }
    return static_cast<ssize_t>(n);
}

ssize_t cannot_write(php_stream*, const char*, size_t) {
    return -1; // STDIN
}

ssize_t cannot_read(php_stream*, char*, size_t) {
    return -1; // STDOUT
}

int relay_close(php_stream*, int) {
    return 0; // the relay belongs to the worker
}

int relay_flush(php_stream*) {
    return 0; // (every write is acted on at once)
}

// stream_select() on STDIN.
int relay_cast(php_stream* stream, int castas, void** ret) {
    if (castas != PHP_STREAM_AS_FD_FOR_SELECT && castas != PHP_STREAM_AS_FD) {
        return FAILURE;
    }
    const int fd = relay_of(stream).select_fd();
    if (fd < 0) {
        return FAILURE;
    }
    if (ret != nullptr) {
        *reinterpret_cast<int*>(ret) = fd; // (php_socket_t is an int on POSIX)
    }
    return SUCCESS;
}

const php_stream_ops kStdinOps = {
    cannot_write, relay_read, relay_close, relay_flush, "STDIO", nullptr, relay_cast, nullptr, nullptr,
};
const php_stream_ops kStdoutOps = {
    relay_write, cannot_read, relay_close, relay_flush, "STDIO", nullptr, nullptr, nullptr, nullptr,
};

php_stream* relay_stream(StdioRelay& relay, const php_stream_ops& ops, const char* mode) {
    php_stream* stream = php_stream_alloc(&ops, &relay, nullptr, mode);
    // Reads go straight to the relay: fread($in, 12) gets the 12 bytes of a header, not a buffer's worth.
    stream->flags |= PHP_STREAM_FLAG_NO_BUFFER;
    return stream;
}

} // namespace

void register_std_streams(StdStreams which) {
    const bool channel = which == StdStreams::channel;
    define("STDIN", open(channel ? "php://stdin" : "/dev/null", "rb"));
    define("STDOUT", open(channel ? "php://stdout" : "php://stderr", "wb"));
    define("STDERR", open("php://stderr", "wb"));
}

void register_std_streams(StdioRelay& relay) {
    define("STDIN", relay_stream(relay, kStdinOps, "rb"));
    define("STDOUT", relay_stream(relay, kStdoutOps, "wb"));
    define("STDERR", open("php://stderr", "wb"));
}

} // namespace rr::sapi
