// urlencoded and multipart form bodies, and the field-name splitter.
#include "goridge-compat/form.hpp"

#include <fuzzer/FuzzedDataProvider.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    const std::string content_type = in.ConsumeRandomLengthString(128);
    const std::string body = in.ConsumeRemainingBytesAsString();
    std::string error;
    rr::goridge::FormTree tree;
    (void)rr::goridge::parse_urlencoded(body, tree, error);
    std::vector<rr::goridge::MultipartPart> parts;
    (void)rr::goridge::parse_multipart(body, rr::goridge::multipart_boundary(content_type), parts, error);
    rr::goridge::FormTree fields;
    for (const auto& p : parts) {
        (void)fields.add(p.name, boost::json::value(std::string(p.data)), p.is_file, error);
    }
    (void)rr::goridge::split_form_name(content_type);
    return 0;
}
