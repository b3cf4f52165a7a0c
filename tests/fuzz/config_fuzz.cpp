// The config loader: a YAML document with ${VAR} interpolation, then every key rr-php reads;
// dotenv files. Bad input must end as a ConfigError (or YAML's own exception), nothing else.
#include "server/config/config.hpp"
#include "server/config/env.hpp"
#include "server/config/loader.hpp"

#include <fuzzer/FuzzedDataProvider.h>
#include <yaml-cpp/yaml.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    const std::string env_text = in.ConsumeRandomLengthString(256);
    const std::string yaml = in.ConsumeRemainingBytesAsString();
    auto lookup = [&](const std::string& name) -> std::optional<std::string> {
        if (name.size() % 2 == 0) {
            return std::nullopt;
        }
        return env_text;
    };
    try {
        (void)rr::config::expand_env("fuzz", env_text, lookup);
    } catch (const rr::config::ConfigError&) {
    }
    try {
        (void)rr::config::parse_dotenv("fuzz.env", env_text);
    } catch (const rr::config::ConfigError&) {
    }
    try {
        YAML::Node root = YAML::Load(yaml);
        if (!root.IsMap()) {
            return 0;
        }
        rr::config::expand_tree(root, "");
        (void)rr::config::unsupported_keys(root);
        (void)rr::config::load(root);
    } catch (const rr::config::ConfigError&) {
    } catch (const YAML::Exception&) {
    }
    return 0;
}
