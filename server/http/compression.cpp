#include "compression.hpp"

#include "goridge-compat/text.hpp"

#include <brotli/encode.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <strings.h>

namespace rr::http {
namespace {

// Levels for responses compressed on the fly: a good ratio at a small CPU cost.
constexpr int kGzipLevel = 5;
constexpr int kBrotliQuality = 5;
constexpr int kZstdLevel = 3;
constexpr std::size_t kOutChunk = 16 * 1024;

class GzipEncoder : public Encoder {
public:
    GzipEncoder() {
        // windowBits 15 + 16: a gzip wrapper, not raw zlib.
        ok_ = deflateInit2(&z_, kGzipLevel, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
    }
    ~GzipEncoder() override {
        if (ok_) {
            deflateEnd(&z_);
        }
    }
    bool ok() const { return ok_; }
    void write(std::string_view in, std::string& out) override { run(in, Z_NO_FLUSH, out); }
    void flush(std::string& out) override { run({}, Z_SYNC_FLUSH, out); }
    void finish(std::string& out) override { run({}, Z_FINISH, out); }

private:
    void run(std::string_view in, int mode, std::string& out) {
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
        z_.avail_in = static_cast<uInt>(in.size());
        for (;;) {
            const std::size_t before = out.size();
            out.resize(before + kOutChunk);
            z_.next_out = reinterpret_cast<Bytef*>(out.data() + before);
            z_.avail_out = static_cast<uInt>(kOutChunk);
            const int rc = deflate(&z_, mode);
            out.resize(before + (kOutChunk - z_.avail_out));
            if (rc == Z_STREAM_END || rc == Z_STREAM_ERROR) {
                return;
            }
            if (z_.avail_out != 0 && z_.avail_in == 0) {
                return; // all input taken and the flush (if any) is complete
            }
        }
    }
    z_stream z_{};
    bool ok_ = false;
};

class BrotliEncoder : public Encoder {
public:
    BrotliEncoder() : s_(BrotliEncoderCreateInstance(nullptr, nullptr, nullptr)) {
        if (s_ != nullptr) {
            BrotliEncoderSetParameter(s_, BROTLI_PARAM_QUALITY, kBrotliQuality);
        }
    }
    ~BrotliEncoder() override {
        if (s_ != nullptr) {
            BrotliEncoderDestroyInstance(s_);
        }
    }
    bool ok() const { return s_ != nullptr; }
    void write(std::string_view in, std::string& out) override { run(in, BROTLI_OPERATION_PROCESS, out); }
    void flush(std::string& out) override { run({}, BROTLI_OPERATION_FLUSH, out); }
    void finish(std::string& out) override { run({}, BROTLI_OPERATION_FINISH, out); }

private:
    void run(std::string_view in, BrotliEncoderOperation op, std::string& out) {
        std::size_t avail_in = in.size();
        const uint8_t* next_in = reinterpret_cast<const uint8_t*>(in.data());
        for (;;) {
            const std::size_t before = out.size();
            out.resize(before + kOutChunk);
            std::size_t avail_out = kOutChunk;
            uint8_t* next_out = reinterpret_cast<uint8_t*>(out.data() + before);
            const bool ok =
                BrotliEncoderCompressStream(s_, op, &avail_in, &next_in, &avail_out, &next_out, nullptr);
            out.resize(before + (kOutChunk - avail_out));
            if (!ok) {
                return;
            }
            if (avail_in == 0 && !BrotliEncoderHasMoreOutput(s_)) {
                return;
            }
        }
    }
    BrotliEncoderState* s_;
};

class ZstdEncoder : public Encoder {
public:
    ZstdEncoder() : c_(ZSTD_createCCtx()) {
        if (c_ != nullptr) {
            ZSTD_CCtx_setParameter(c_, ZSTD_c_compressionLevel, kZstdLevel);
            ZSTD_CCtx_setParameter(c_, ZSTD_c_checksumFlag, 1);
        }
    }
    ~ZstdEncoder() override { ZSTD_freeCCtx(c_); }
    bool ok() const { return c_ != nullptr; }
    void write(std::string_view in, std::string& out) override { run(in, ZSTD_e_continue, out); }
    void flush(std::string& out) override { run({}, ZSTD_e_flush, out); }
    void finish(std::string& out) override { run({}, ZSTD_e_end, out); }

private:
    void run(std::string_view in, ZSTD_EndDirective mode, std::string& out) {
        ZSTD_inBuffer input{in.data(), in.size(), 0};
        for (;;) {
            const std::size_t before = out.size();
            out.resize(before + kOutChunk);
            ZSTD_outBuffer output{out.data() + before, kOutChunk, 0};
            const std::size_t left = ZSTD_compressStream2(c_, &output, &input, mode);
            out.resize(before + output.pos);
            if (ZSTD_isError(left)) {
                return;
            }
            const bool done = mode == ZSTD_e_continue ? input.pos == input.size : left == 0;
            if (done) {
                return;
            }
        }
    }
    ZSTD_CCtx* c_;
};

} // namespace

const char* encoding_name(Encoding e) {
    switch (e) {
    case Encoding::gzip:
        return "gzip";
    case Encoding::br:
        return "br";
    case Encoding::zstd:
        return "zstd";
    case Encoding::identity:
        break;
    }
    return "identity";
}

Encoding parse_encoding(std::string_view name) {
    name = text::trim(name);
    if (text::iequals(name, "gzip") || text::iequals(name, "x-gzip")) {
        return Encoding::gzip;
    }
    if (text::iequals(name, "br")) {
        return Encoding::br;
    }
    if (text::iequals(name, "zstd")) {
        return Encoding::zstd;
    }
    return Encoding::identity;
}

Encoding negotiate(std::string_view accept, const std::vector<Encoding>& offered) {
    // q-values per offered encoding: -1 not mentioned, 0 refused.
    std::array<double, 4> q{-1, -1, -1, -1};
    double star = -1;
    while (!accept.empty()) {
        const auto comma = accept.find(',');
        std::string_view item = accept.substr(0, comma);
        accept = comma == std::string_view::npos ? std::string_view() : accept.substr(comma + 1);
        const auto semi = item.find(';');
        const std::string_view name = text::trim(item.substr(0, semi));
        double value = 1.0;
        if (semi != std::string_view::npos) {
            std::string_view params = text::trim(item.substr(semi + 1));
            if (params.size() > 2 && (params[0] == 'q' || params[0] == 'Q') && params[1] == '=') {
                value = std::strtod(std::string(params.substr(2)).c_str(), nullptr);
            }
        }
        if (name == "*") {
            star = value;
        } else if (const Encoding e = parse_encoding(name); e != Encoding::identity) {
            q[static_cast<std::size_t>(e)] = value;
        }
    }
    Encoding best = Encoding::identity;
    double best_q = 0;
    for (const Encoding e : offered) {
        double v = q[static_cast<std::size_t>(e)];
        if (v < 0) {
            v = star;
        }
        if (v > best_q) { // strictly greater: earlier offers win ties
            best_q = v;
            best = e;
        }
    }
    return best;
}

bool compressible_type(std::string_view type) {
    type = text::trim(type.substr(0, type.find(';')));
    if (type.empty()) {
        return true;
    }
    std::string t(type);
    std::transform(t.begin(), t.end(), t.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (t.starts_with("text/")) {
        return true;
    }
    if (t.ends_with("+json") || t.ends_with("+xml")) {
        return true;
    }
    static constexpr std::string_view kTypes[] = {"application/json",
                                                  "application/javascript",
                                                  "application/x-javascript",
                                                  "application/xml",
                                                  "application/xhtml+xml",
                                                  "application/ld+json",
                                                  "application/manifest+json",
                                                  "application/wasm",
                                                  "application/x-ndjson",
                                                  "application/graphql",
                                                  "image/svg+xml",
                                                  "image/x-icon",
                                                  "image/vnd.microsoft.icon",
                                                  "font/ttf",
                                                  "font/otf",
                                                  "application/vnd.ms-fontobject",
                                                  "application/x-font-ttf"};
    return std::find(std::begin(kTypes), std::end(kTypes), t) != std::end(kTypes);
}

std::unique_ptr<Encoder> make_encoder(Encoding e) {
    switch (e) {
    case Encoding::gzip: {
        auto enc = std::make_unique<GzipEncoder>();
        return enc->ok() ? std::move(enc) : nullptr;
    }
    case Encoding::br: {
        auto enc = std::make_unique<BrotliEncoder>();
        return enc->ok() ? std::move(enc) : nullptr;
    }
    case Encoding::zstd: {
        auto enc = std::make_unique<ZstdEncoder>();
        return enc->ok() ? std::move(enc) : nullptr;
    }
    case Encoding::identity:
        break;
    }
    return nullptr;
}

std::string compress(Encoding e, std::string_view body) {
    auto enc = make_encoder(e);
    if (!enc) {
        return std::string(body);
    }
    std::string out;
    out.reserve(body.size() / 3 + 64);
    enc->write(body, out);
    enc->finish(out);
    return out;
}

} // namespace rr::http
