// FastCGI records (the FastCGI 1.0 specification): the 8-byte record header, name-value pairs, and
// the records a responder sends. Pure functions over bytes, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rr::http::fcgi {

enum RecordType : uint8_t {
    kBeginRequest = 1,
    kAbortRequest = 2,
    kEndRequest = 3,
    kParams = 4,
    kStdin = 5,
    kStdout = 6,
    kStderr = 7,
    kData = 8,
    kGetValues = 9,
    kGetValuesResult = 10,
    kUnknownType = 11,
};

enum Role : uint16_t { kResponder = 1 };
inline constexpr uint8_t kKeepConn = 1; // BEGIN_REQUEST flag: keep the connection after this request

enum ProtocolStatus : uint8_t {
    kRequestComplete = 0,
    kCantMpxConn = 1, // a second request on a connection while one is served
    kOverloaded = 2,
    kUnknownRole = 3,
};

inline constexpr std::size_t kHeaderSize = 8;
inline constexpr std::size_t kMaxContent = 65535;

struct Header {
    uint8_t version = 1;
    uint8_t type = 0;
    uint16_t request_id = 0;
    uint16_t content_length = 0;
    uint8_t padding_length = 0;
};

// The header at the start of `in` (which must hold kHeaderSize bytes).
Header parse_header(std::string_view in);

// Name-value pairs (PARAMS, GET_VALUES); nullopt when the lengths do not fit the bytes.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_pairs(std::string_view in);
void append_pair(std::string& out, std::string_view name, std::string_view value);

// Appends records of `type` carrying `content` (split at kMaxContent; an empty content gives one
// empty record, the end-of-stream marker).
void append_records(std::string& out, uint8_t type, uint16_t request_id, std::string_view content);
void append_end_request(std::string& out, uint16_t request_id, uint32_t app_status, uint8_t protocol_status);

} // namespace rr::http::fcgi
