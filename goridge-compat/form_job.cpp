#include "form_job.hpp"

#include "form.hpp"
#include "text.hpp"

#include <boost/json.hpp>

#include <cstdlib>
#include <unistd.h>

namespace rr::goridge {
namespace json = boost::json;

namespace {

// Writes an uploaded file to a temp file; returns the UPLOAD_ERR code.
int store_upload(const FormOptions& options, const MultipartPart& part, std::string& tmp_name,
                 std::vector<std::string>& temp_files) {
    if (part.filename.empty() && part.data.empty()) {
        return 4; // UPLOAD_ERR_NO_FILE: no file was chosen
    }
    if (!text::extension_permitted(text::file_extension(part.filename), options.forbid, options.allow)) {
        return 8; // UPLOAD_ERR_EXTENSION
    }
    std::string dir = options.upload_dir;
    if (dir.empty()) {
        const char* t = std::getenv("TMPDIR");
        dir = t != nullptr && *t != '\0' ? t : "/tmp";
    }
    std::string path = dir + "/uploadXXXXXX";
    const int fd = ::mkstemp(path.data());
    if (fd < 0) {
        return 6; // UPLOAD_ERR_NO_TMP_DIR
    }
    temp_files.push_back(path);
    std::string_view data = part.data;
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n <= 0) {
            ::close(fd);
            return 7; // UPLOAD_ERR_CANT_WRITE
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    ::close(fd);
    tmp_name = path;
    return 0;
}

void multipart(std::string_view content_type, std::string_view body, const FormOptions& options,
               HttpRequestContext& ctx, FormJob& job) {
    std::vector<MultipartPart> parts;
    if (!parse_multipart(body, multipart_boundary(content_type), parts, job.error)) {
        return;
    }
    FormTree fields;
    FormTree files;
    for (const auto& part : parts) {
        if (!part.is_file) {
            if (!fields.add(part.name, json::value(std::string(part.data)), false, job.error)) {
                return;
            }
            continue;
        }
        std::string tmp_name;
        const int code = store_upload(options, part, tmp_name, job.temp_files);
        json::object file{{"name", part.filename},
                          {"mime", part.content_type},
                          {"size", code == 0 ? part.data.size() : 0},
                          {"error", code},
                          {"tmpName", tmp_name}};
        if (!files.add(part.name, std::move(file), true, job.error)) {
            return;
        }
    }
    ctx.parsed = true;
    if (!files.empty()) {
        ctx.uploads = json::serialize(files.root());
    }
    job.replaced = true;
    job.body = json::serialize(fields.root());
}

} // namespace

FormJob prepare_form(std::string_view method, std::string_view content_type, std::string_view body,
                     const FormOptions& options, HttpRequestContext& ctx) {
    FormJob job;
    if (method == "HEAD" || method == "OPTIONS") {
        job.replaced = true; // empty: RoadRunner does not read these bodies
        return job;
    }
    if (options.raw_body) {
        return job;
    }
    const std::string type = text::lower(content_type);
    if (type.find("application/x-www-form-urlencoded") != std::string::npos) {
        FormTree tree;
        const bool has_form = method == "POST" || method == "PUT" || method == "PATCH";
        if (has_form && !parse_urlencoded(body, tree, job.error)) {
            return job;
        }
        ctx.parsed = true;
        job.replaced = true;
        job.body = json::serialize(tree.root());
    } else if (type.find("multipart/form-data") != std::string::npos) {
        multipart(content_type, body, options, ctx, job);
    }
    return job;
}

void remove_temp_files(FormJob& job) {
    for (const auto& f : job.temp_files) {
        ::unlink(f.c_str());
    }
    job.temp_files.clear();
}

} // namespace rr::goridge
