// The plugins that have workers, by name, in the order the server lists them ("http", then "jobs"):
// what informer.*, resetter.* and the status endpoints look workers up in.
#pragma once

#include "server/pool/pool.hpp"

#include <string>
#include <utility>
#include <vector>

namespace rr::pool {

using PluginPools = std::vector<std::pair<std::string, Pool*>>;

inline Pool* find_plugin(const PluginPools& pools, const std::string& name) {
    for (const auto& [n, p] : pools) {
        if (n == name) {
            return p;
        }
    }
    return nullptr;
}

} // namespace rr::pool
