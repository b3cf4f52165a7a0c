// What a goridge worker gets for a request's body (PROTOCOL.md §3.3-§3.5), as RoadRunner sends it:
// an url-encoded or multipart body becomes the JSON of its form tree with `parsed: true`, uploaded
// files are written to temp files and described in `uploads`; HEAD and OPTIONS bodies are not
// passed on. Used by the master for the goridge workers it feeds and by a direct-dispatch worker that
// feeds a stock RoadRunner script itself (sapi/stdio_relay.hpp).
#pragma once

#include "goridge-compat/http_context.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace rr::goridge {

struct FormOptions {
    bool raw_body = false;           // http.raw_body: bodies go unparsed (no form tree, no uploads)
    std::string upload_dir;          // http.uploads.dir ("" = $TMPDIR or /tmp)
    std::vector<std::string> forbid; // http.uploads.forbid / allow: extensions refused (UPLOAD_ERR_EXTENSION)
    std::vector<std::string> allow;
};

struct FormJob {
    bool replaced = false; // `body` replaces the request's body
    std::string body;      // the form tree as JSON ("" for HEAD and OPTIONS)
    // Uploads written for this request: the caller removes them once the worker has answered.
    std::vector<std::string> temp_files;
    std::string error; // the body cannot be parsed: answer 400 with this
};

// Fills ctx.parsed and ctx.uploads for a request with this method, Content-Type and body.
FormJob prepare_form(std::string_view method, std::string_view content_type, std::string_view body,
                     const FormOptions& options, HttpRequestContext& ctx);

// Removes the files of `job.temp_files`.
void remove_temp_files(FormJob& job);

} // namespace rr::goridge
