// Reads the config tree from its sources, in RoadRunner's order: dotenv, the config file, its
// `envfile`, its `include` files (key by key, later files win), env interpolation of every string,
// then the `-o key=value` overrides (each itself interpolated).
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace rr::config {

struct Sources {
    std::string config_file;            // absolute, or empty for no file (the embedded default)
    std::string workdir;                // absolute: relative paths in the config resolve from here
    std::vector<std::string> overrides; // -o key=value
    std::string dotenv;                 // --dotenv or DOTENV_PATH (absolute), or empty
};

struct Tree {
    YAML::Node root;
    std::vector<std::string> warnings; // sections and keys rr-php ignores
};

// Throws ConfigError with the file, the key and what is allowed.
Tree read_tree(const Sources& src);

// Checks `version` (required, the string "3"); `origin` names the file in the message.
void check_version(const YAML::Node& root, const std::string& origin);

// Expands environment variables in every string value and list element (not in keys).
void expand_tree(YAML::Node node, const std::string& path);

// Copies `from` into `into` key by key: sections merge, everything else is replaced.
void merge_tree(YAML::Node into, const YAML::Node& from);

// Warnings for the top-level sections and keys rr-php does not implement.
std::vector<std::string> unsupported_keys(const YAML::Node& root);

} // namespace rr::config
