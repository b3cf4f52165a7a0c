// proxy_ip_parser: forwarding headers from a trusted peer, subnets, the trusted-headers list.
#include "server/http/proxy_ip.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    std::vector<std::string> cidrs;
    for (int i = in.ConsumeIntegralInRange(0, 3); i > 0; --i) {
        cidrs.push_back(in.ConsumeRandomLengthString(48));
    }
    cidrs.emplace_back("127.0.0.0/8");
    std::vector<std::string> names{in.ConsumeRandomLengthString(24), "X-Forwarded-For", "Forwarded"};
    std::vector<std::string> unknown;
    const auto allowed = rr::http::parse_proxy_headers(names, unknown);
    std::vector<std::pair<std::string, std::string>> headers;
    for (const char* h :
         {"Forwarded", "X-Forwarded-For", "X-Real-IP", "True-Client-IP", "CF-Connecting-IP"}) {
        headers.emplace_back(h, in.ConsumeRandomLengthString(256));
    }
    try {
        const rr::http::Subnets trusted(cidrs);
        const std::string ip = rr::http::client_ip("127.0.0.1", headers, trusted, allowed);
        if (ip.empty()) {
            __builtin_trap(); // always an address: the peer's when nothing else
        }
        (void)trusted.contains(in.ConsumeRemainingBytesAsString());
    } catch (const std::invalid_argument&) {
    }
    return 0;
}
