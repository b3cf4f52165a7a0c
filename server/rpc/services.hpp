// The RPC services of the control plane: informer, resetter, rpc (PROTOCOL.md §4.5 shapes).
#pragma once

#include "server/config/config.hpp"
#include "server/pool/plugin_pools.hpp"
#include "server/rpc/dispatcher.hpp"

#include <functional>

namespace rr::rpc {

// `pools`: the plugins with workers (informer.List, informer.Workers("jobs"), resetter.Reset...).
// `config` returns the configuration in force (it changes on SIGHUP).
void register_services(Dispatcher& server, pool::PluginPools pools,
                       std::function<const config::Config&()> config);

// The config tree as JSON: plain scalars that read as numbers or booleans become numbers or
// booleans (as RoadRunner's viper returns them), everything else strings.
boost::json::value yaml_to_json(const YAML::Node& node);
std::string base64(std::string_view data);

// informer.Workers' reply for a list of workers.
boost::json::value workers_reply(const std::vector<pool::Pool::WorkerInfo>& workers);

} // namespace rr::rpc
