#include "server/jobs/jobs_report.hpp"

#include <fmt/format.h>

#include <map>
#include <memory>

namespace rr::jobs {

std::string status_text(const ::jobs::v1::Stats& stats) {
    std::map<std::string, const ::jobs::v1::Stat*> sorted;
    for (const auto& s : stats.stats()) {
        sorted[s.pipeline()] = &s;
    }
    std::string out;
    for (const auto& [name, s] : sorted) {
        out += fmt::format("plugin: jobs: pipeline: {} | priority: {} | ready: {} | queue: {} | active: {} | "
                           "delayed: {} | reserved: {} | driver: {} | error: \n",
                           name, s->priority(), s->ready() ? "true" : "false", s->queue(), s->active(),
                           s->delayed(), s->reserved(), s->driver());
    }
    return out;
}

void add_metrics(metrics::Registry& registry, Jobs& jobs) {
    struct Counter {
        const char* name;
        const char* help;
        uint64_t Jobs::Counters::*field;
    };
    static constexpr Counter kCounters[] = {
        {"rr_jobs_push_ok", "Jobs pushed successfully", &Jobs::Counters::push_ok},
        {"rr_jobs_push_err", "Jobs whose push failed", &Jobs::Counters::push_err},
        {"rr_jobs_jobs_ok", "Jobs processed successfully (acked)", &Jobs::Counters::ok},
        {"rr_jobs_jobs_err", "Jobs that failed (fail, nack, a consumer that died or ran out of exec_ttl)",
         &Jobs::Counters::err},
        {"rr_jobs_requests_total", "Jobs handed to consumers", &Jobs::Counters::taken},
    };
    for (const Counter& c : kCounters) {
        registry.declare(metrics::Desc{c.name, c.help, metrics::Type::counter, {"pipeline"}, {}, {}});
    }
    const auto gauge = [&](const char* name, const char* help) {
        registry.declare(metrics::Desc{name, help, metrics::Type::gauge, {"pipeline", "driver"}, {}, {}});
    };
    gauge("rr_jobs_pipeline_active", "Jobs ready or running in the pipeline");
    gauge("rr_jobs_pipeline_delayed", "Jobs waiting for their delay in the pipeline");
    gauge("rr_jobs_pipeline_reserved", "Jobs handed to a consumer and not answered yet");
    // RR's push latency: one observation per pushed job, labelled as RoadRunner's.
    registry.declare(metrics::Desc{"rr_jobs_push_latency",
                                   "Histogram represents latency for pushed operation",
                                   metrics::Type::histogram,
                                   {"driver", "job", "source"},
                                   {},
                                   {}});
    jobs.on_pushed = [&registry](const std::string& driver, const std::string& job, double seconds) {
        registry.observe("rr_jobs_push_latency", seconds, {driver, job, "rpc"});
    };
    // Counters only go up: each scrape adds what changed since the last one.
    auto seen = std::make_shared<std::map<std::string, Jobs::Counters>>();
    registry.on_scrape([&jobs, seen](metrics::Registry& r) {
        for (const auto& [pipeline, now] : jobs.counters()) {
            Jobs::Counters& before = (*seen)[pipeline];
            const std::string label = pipeline.empty() ? "unknown" : pipeline; // pushes to no pipeline
            for (const Counter& c : kCounters) {
                r.add(c.name, static_cast<double>(now.*c.field - before.*c.field), {label});
            }
            before = now;
        }
        for (const char* g :
             {"rr_jobs_pipeline_active", "rr_jobs_pipeline_delayed", "rr_jobs_pipeline_reserved"}) {
            r.clear_series(g); // destroyed pipelines go away
        }
        const ::jobs::v1::Stats stats = jobs.stats();
        for (const auto& s : stats.stats()) {
            r.set("rr_jobs_pipeline_active", static_cast<double>(s.active()), {s.pipeline(), s.driver()});
            r.set("rr_jobs_pipeline_delayed", static_cast<double>(s.delayed()), {s.pipeline(), s.driver()});
            r.set("rr_jobs_pipeline_reserved", static_cast<double>(s.reserved()), {s.pipeline(), s.driver()});
        }
    });
}

} // namespace rr::jobs
