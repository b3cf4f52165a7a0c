// The application's own metrics, as RoadRunner's metrics plugin offers them: collectors declared in
// config (metrics.collect.<name>) or at run time over RPC (metrics.Declare), then changed with
// metrics.Add, Sub, Set, Observe and removed with metrics.Unregister, all with the JSON codec, as
// spiral/roadrunner-metrics calls them. A collector is addressed by its short name; its Prometheus
// name is namespace_subsystem_name. Every misuse is an RPC error that leaves the scrape as it was.
#pragma once

#include "server/config/config.hpp"
#include "server/metrics/registry.hpp"
#include "server/rpc/dispatcher.hpp"

#include <map>
#include <string>

namespace rr::metrics {

class AppMetrics {
public:
    explicit AppMetrics(Registry& registry) : registry_(registry) {}

    // Declares a collector under `name`; "" or the error (RR's phrase for a name already taken:
    // "tried to register existing collector").
    std::string declare(const std::string& name, const config::MetricCollectorConfig& collector);
    bool unregister(const std::string& name);

    enum class Op { add, sub, set, observe };
    std::string apply(Op op, const std::string& name, double value, const std::vector<std::string>& labels);

private:
    Registry& registry_;
    std::map<std::string, std::string> full_names_; // short name -> Prometheus name
};

// metrics.Declare, Add, Sub, Set, Observe, Unregister over `metrics`.
void register_rpc(rpc::Dispatcher& dispatcher, AppMetrics& metrics);

} // namespace rr::metrics
