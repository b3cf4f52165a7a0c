// Units of the response middleware: content negotiation and encoders, CORS decisions, MIME table,
// and safe path resolution below a static directory.
#include "goridge-compat/mime.hpp"
#include "goridge-compat/target_path.hpp"
#include "server/http/compression.hpp"
#include "server/http/cors.hpp"
#include "server/http/header_list.hpp"
#include "server/http/static_files.hpp"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <brotli/decode.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace rr::http {
namespace {

using E = Encoding;
const std::vector<E> kAll = {E::zstd, E::br, E::gzip};

TEST(Negotiate, PicksTheServersPreferenceAmongEqualQ) {
    EXPECT_EQ(negotiate("gzip, deflate, br, zstd", kAll), E::zstd);
    EXPECT_EQ(negotiate("gzip, br", kAll), E::br);
    EXPECT_EQ(negotiate("gzip", kAll), E::gzip);
    EXPECT_EQ(negotiate("GZIP", kAll), E::gzip);
    EXPECT_EQ(negotiate("", kAll), E::identity);
    EXPECT_EQ(negotiate("identity", kAll), E::identity);
    EXPECT_EQ(negotiate("deflate", kAll), E::identity);
}

TEST(Negotiate, HonoursQValuesAndStar) {
    EXPECT_EQ(negotiate("zstd;q=0.1, gzip;q=0.9", kAll), E::gzip);
    EXPECT_EQ(negotiate("gzip;q=0", kAll), E::identity);
    EXPECT_EQ(negotiate("*", kAll), E::zstd);
    EXPECT_EQ(negotiate("*;q=0.5, zstd;q=0", kAll), E::br);
    EXPECT_EQ(negotiate("br", {E::gzip}), E::identity);
}

TEST(Compressible, TextAndStructuredTypesOnly) {
    EXPECT_TRUE(compressible_type("text/html; charset=UTF-8"));
    EXPECT_TRUE(compressible_type("application/json"));
    EXPECT_TRUE(compressible_type("application/problem+json"));
    EXPECT_TRUE(compressible_type("image/svg+xml"));
    EXPECT_TRUE(compressible_type(""));
    EXPECT_FALSE(compressible_type("image/png"));
    EXPECT_FALSE(compressible_type("application/zip"));
    EXPECT_FALSE(compressible_type("video/mp4"));
}

std::string body_text() {
    std::string s;
    for (int i = 0; i < 2000; ++i) {
        s += "line " + std::to_string(i) + " of a compressible body\n";
    }
    return s;
}

std::string gunzip(const std::string& in) {
    z_stream z{};
    inflateInit2(&z, 15 + 16);
    std::string out(1 << 20, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    inflate(&z, Z_SYNC_FLUSH);
    out.resize(z.total_out);
    inflateEnd(&z);
    return out;
}

TEST(Encoders, RoundTripEachEncoding) {
    const std::string body = body_text();
    const std::string gz = compress(E::gzip, body);
    EXPECT_LT(gz.size(), body.size() / 4);
    EXPECT_EQ(gunzip(gz), body);

    const std::string br = compress(E::br, body);
    std::string out(body.size() + 16, '\0');
    std::size_t out_size = out.size();
    ASSERT_EQ(BrotliDecoderDecompress(br.size(), reinterpret_cast<const uint8_t*>(br.data()), &out_size,
                                      reinterpret_cast<uint8_t*>(out.data())),
              BROTLI_DECODER_RESULT_SUCCESS);
    out.resize(out_size);
    EXPECT_EQ(out, body);

    const std::string zs = compress(E::zstd, body);
    std::string zout(body.size() + 16, '\0');
    const std::size_t n = ZSTD_decompress(zout.data(), zout.size(), zs.data(), zs.size());
    ASSERT_FALSE(ZSTD_isError(n));
    zout.resize(n);
    EXPECT_EQ(zout, body);
}

TEST(Encoders, FlushMakesEverythingSoFarDecodable) {
    auto enc = make_encoder(E::gzip);
    ASSERT_TRUE(enc);
    std::string wire;
    enc->write("first part;", wire);
    enc->flush(wire);
    EXPECT_EQ(gunzip(wire), "first part;"); // decodable before the stream ends
    enc->write("second part", wire);
    enc->finish(wire);
    EXPECT_EQ(gunzip(wire), "first part;second part");
}

Request request(std::string method, std::vector<std::pair<std::string, std::string>> headers) {
    Request r;
    r.method = std::move(method);
    r.target = "/";
    r.headers = std::move(headers);
    return r;
}

TEST(CorsTest, PreflightAllowedEchoesMethodAndHeaders) {
    config::HttpConfig::Cors cfg;
    cfg.allowed_origin = "*";
    cfg.allowed_headers = "*";
    cfg.allowed_methods = "GET,POST";
    cfg.allow_credentials = true;
    cfg.max_age = 600;
    const Cors cors(cfg);
    const Request req = request("OPTIONS", {{"Origin", "http://a.test"},
                                            {"Access-Control-Request-Method", "get"},
                                            {"Access-Control-Request-Headers", "x-foo, content-type"}});
    ASSERT_TRUE(Cors::is_preflight(req));
    goridge::HeaderList h;
    EXPECT_EQ(cors.preflight(req, h), 200);
    EXPECT_EQ(header_value(h, "Access-Control-Allow-Origin"), "*");
    EXPECT_EQ(header_value(h, "Access-Control-Allow-Methods"), "GET");
    EXPECT_EQ(header_value(h, "Access-Control-Allow-Headers"), "X-Foo, Content-Type");
    EXPECT_EQ(header_value(h, "Access-Control-Allow-Credentials"), "true");
    EXPECT_EQ(header_value(h, "Access-Control-Max-Age"), "600");
    EXPECT_EQ(find_header(h, "Vary")->size(), 3u);
}

TEST(CorsTest, RefusalsLeaveOutTheAllowHeaders) {
    config::HttpConfig::Cors cfg;
    cfg.allowed_origin = "https://*.example.com, http://b.test";
    cfg.allowed_methods = "GET";
    cfg.options_success_status = 204;
    const Cors cors(cfg);
    EXPECT_TRUE(cors.origin_allowed("https://api.example.com"));
    EXPECT_TRUE(cors.origin_allowed("http://B.test"));
    EXPECT_FALSE(cors.origin_allowed("https://example.org"));
    goridge::HeaderList h;
    const Request bad_method =
        request("OPTIONS", {{"Origin", "http://b.test"}, {"Access-Control-Request-Method", "DELETE"}});
    EXPECT_EQ(cors.preflight(bad_method, h), 204);
    EXPECT_TRUE(header_value(h, "Access-Control-Allow-Origin").empty());
    goridge::HeaderList h2;
    const Request bad_header = request("OPTIONS", {{"Origin", "http://b.test"},
                                                   {"Access-Control-Request-Method", "GET"},
                                                   {"Access-Control-Request-Headers", "x-secret"}});
    cors.preflight(bad_header, h2);
    EXPECT_TRUE(header_value(h2, "Access-Control-Allow-Origin").empty());
    goridge::HeaderList h3;
    cors.actual(request("GET", {{"Origin", "http://b.test"}}), h3);
    EXPECT_EQ(header_value(h3, "Access-Control-Allow-Origin"), "http://b.test"); // a list echoes the origin
}

TEST(CorsTest, RegexDecidesAndEchoes) {
    config::HttpConfig::Cors cfg;
    cfg.allowed_origin_regex = "^https://[a-z]+\\.good\\.test$";
    cfg.exposed_headers = "x-a,x-b";
    const Cors cors(cfg);
    goridge::HeaderList h;
    cors.actual(request("GET", {{"Origin", "https://app.good.test"}}), h);
    EXPECT_EQ(header_value(h, "Access-Control-Allow-Origin"), "https://app.good.test");
    EXPECT_EQ(header_value(h, "Access-Control-Expose-Headers"), "X-A, X-B");
    goridge::HeaderList miss;
    cors.actual(request("GET", {{"Origin", "https://evil.test"}}), miss);
    EXPECT_TRUE(header_value(miss, "Access-Control-Allow-Origin").empty());
    EXPECT_EQ(header_value(miss, "Vary"), "Origin");
}

TEST(CorsTest, HugeOriginsAreRefusedWithoutBacktracking) {
    config::HttpConfig::Cors cfg;
    cfg.allowed_origin_regex = "^https://(.*)\\.example\\.com$";
    const Cors cors(cfg);
    EXPECT_FALSE(cors.origin_allowed("https://" + std::string(30000, 'a') + ".example.org"));
    EXPECT_FALSE(cors.origin_allowed("https://" + std::string(2000, 'a') + ".example.com")); // over 1 KB
    EXPECT_TRUE(cors.origin_allowed("https://" + std::string(900, 'a') + ".example.com"));
}

TEST(Mime, TableIsSortedAndKnowsCommonTypes) {
    EXPECT_TRUE(mime_table_sorted());
    EXPECT_EQ(mime_type(".css"), "text/css"); // as nginx's mime.types, no charset added
    EXPECT_EQ(mime_type(".PNG"), "image/png");
    EXPECT_EQ(mime_type(".js"), "application/javascript");
    EXPECT_EQ(mime_type(".unknown"), "application/octet-stream");
    EXPECT_EQ(mime_type(""), "application/octet-stream");
}

TEST(DecodePath, PercentEscapes) {
    std::string out;
    ASSERT_TRUE(decode_target_path("/a%20b/c.css?x=%zz", out));
    EXPECT_EQ(out, "/a b/c.css");
    ASSERT_TRUE(decode_target_path("http://host:8080/p%2Fq#frag", out));
    EXPECT_EQ(out, "/p/q");
    EXPECT_FALSE(decode_target_path("/bad%zz", out));
    EXPECT_FALSE(decode_target_path("/trunc%2", out));
    EXPECT_FALSE(decode_target_path("/nul%00x", out));
}

class StaticDir : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/rr-static-XXXXXX";
        base_ = ::mkdtemp(tmpl);
        namespace fs = std::filesystem;
        fs::create_directories(base_ + "/root/sub");
        std::ofstream(base_ + "/root/a.css") << "body{}";
        std::ofstream(base_ + "/root/.env") << "SECRET=1";
        std::ofstream(base_ + "/secret.txt") << "outside";
        fs::create_symlink(base_ + "/secret.txt", base_ + "/root/link.txt");
        fs::create_symlink("sub", base_ + "/root/inside");
        StaticFiles::Options o;
        o.dir = base_ + "/root";
        o.forbid = {".php"};
        files_ = std::make_unique<StaticFiles>(std::move(o));
    }
    void TearDown() override { std::filesystem::remove_all(base_); }
    std::string base_;
    std::unique_ptr<StaticFiles> files_;
};

TEST_F(StaticDir, ResolvesFilesAndDirectories) {
    EXPECT_EQ(files_->resolve("/a.css").kind, StaticFiles::Kind::file);
    EXPECT_EQ(files_->resolve("/a.css?v=1").kind, StaticFiles::Kind::file);
    EXPECT_EQ(files_->resolve("//./a.css").kind, StaticFiles::Kind::file);
    EXPECT_EQ(files_->resolve("/sub").kind, StaticFiles::Kind::directory);
    EXPECT_EQ(files_->resolve("/inside").kind, StaticFiles::Kind::directory); // a symlink that stays inside
    EXPECT_EQ(files_->resolve("/missing.css").kind, StaticFiles::Kind::none);
    EXPECT_EQ(files_->resolve("/a.css/").kind, StaticFiles::Kind::none);
    EXPECT_TRUE(files_->extension_served("/a.css"));
    EXPECT_FALSE(files_->extension_served("/index.php"));
}

TEST_F(StaticDir, RefusesEverythingOutsideTheDirectory) {
    for (const char* t : {"/../secret.txt", "/%2e%2e/secret.txt", "/sub/..%2f..%2fsecret.txt", "/.env",
                          "/sub/%2E%2E/%2e%2e/secret.txt"}) {
        EXPECT_EQ(files_->resolve(t).kind, StaticFiles::Kind::forbidden) << t;
    }
    EXPECT_EQ(files_->resolve("/a%zz.css").kind, StaticFiles::Kind::bad_request);
    EXPECT_EQ(files_->resolve("/a%00.css").kind, StaticFiles::Kind::bad_request);
}

TEST_F(StaticDir, SymlinkModes) {
    namespace fs = std::filesystem;
    fs::create_symlink(base_ + "/nowhere", base_ + "/root/dangling.css");
    fs::create_symlink(base_ + "/root/loop.css", base_ + "/root/loop.css");
    auto with = [&](StaticFiles::Symlinks mode) {
        StaticFiles::Options o;
        o.dir = base_ + "/root";
        o.symlinks = mode;
        return std::make_unique<StaticFiles>(std::move(o));
    };
    using K = StaticFiles::Kind;
    const auto off = with(StaticFiles::Symlinks::off);
    EXPECT_EQ(off->resolve("/link.txt").kind, K::file); // placed in the root by its administrator
    EXPECT_EQ(off->resolve("/inside").kind, K::directory);
    EXPECT_EQ(off->resolve("/dangling.css").kind, K::none);
    EXPECT_EQ(off->resolve("/loop.css").kind, K::forbidden);
    EXPECT_EQ(off->resolve("/../secret.txt").kind, K::forbidden); // URL traversal: never
    const auto on = with(StaticFiles::Symlinks::on);
    EXPECT_EQ(on->resolve("/link.txt").kind, K::forbidden);
    EXPECT_EQ(on->resolve("/inside/").kind, K::forbidden);
    EXPECT_EQ(on->resolve("/a.css").kind, K::file);
    const auto owner = with(StaticFiles::Symlinks::if_not_owner);
    EXPECT_EQ(owner->resolve("/link.txt").kind, K::file); // same owner
    EXPECT_EQ(owner->resolve("/sub").kind, K::directory);
    EXPECT_EQ(owner->resolve("/dangling.css").kind, K::none);
    const auto beneath = with(StaticFiles::Symlinks::outside_root);
    EXPECT_EQ(beneath->resolve("/link.txt").kind, K::forbidden);
    EXPECT_EQ(beneath->resolve("/inside").kind, K::directory);
}

} // namespace
} // namespace rr::http
