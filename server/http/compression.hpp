// Response compression (the gzip middleware): content negotiation on Accept-Encoding and streaming
// encoders for gzip (zlib), brotli (libbrotlienc) and zstd (libzstd).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rr::http {

enum class Encoding { identity, gzip, br, zstd };

const char* encoding_name(Encoding e);
// "gzip", "br", "zstd" (case-insensitive); identity when unknown.
Encoding parse_encoding(std::string_view name);

// The encoding to use for a client sending `accept_encoding`, among `offered` (the server's order of
// preference, which breaks ties between equal q-values); identity when none is acceptable.
Encoding negotiate(std::string_view accept_encoding, const std::vector<Encoding>& offered);

// Whether a body of this Content-Type is worth compressing (text, JSON, XML, JS, SVG, ...). An empty
// type counts as compressible (RoadRunner workers often set none).
bool compressible_type(std::string_view content_type);

// A streaming encoder: write() compresses, flush() makes everything written so far decodable by the
// client (streamed responses, server-sent events), finish() ends the stream.
class Encoder {
public:
    virtual ~Encoder() = default;
    virtual void write(std::string_view in, std::string& out) = 0;
    virtual void flush(std::string& out) = 0;
    virtual void finish(std::string& out) = 0;
};

// Null for identity (or if the library cannot allocate its state).
std::unique_ptr<Encoder> make_encoder(Encoding e);

// One-shot helper: the whole body compressed.
std::string compress(Encoding e, std::string_view body);

} // namespace rr::http
