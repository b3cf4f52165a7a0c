// Application and server metrics in Prometheus' data model, and their exposition: the text format
// 0.0.4 and OpenMetrics 1.0.0 (what a Prometheus server asks for with its Accept header). No
// library for this is packaged in Debian, so the registry and the two formats are written here.
//
// A family (one metric name) has a type, help, label names and, for histograms and summaries,
// buckets or quantile objectives; its series are keyed by label values. Names follow Prometheus'
// rules; every misuse (bad name, duplicate declaration, unknown family, wrong label count, an
// operation that does not fit the type) is an error text, never an exception, and leaves the
// registry as it was.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace rr::metrics {

enum class Type { counter, gauge, histogram, summary };

struct Desc {
    std::string name; // the full name (namespace_subsystem_name joined by the caller)
    std::string help;
    Type type = Type::counter;
    std::vector<std::string> labels;
    std::vector<double> buckets;                       // histogram; empty: Prometheus' defaults
    std::vector<std::pair<double, double>> objectives; // summary: quantile -> allowed error
};

enum class Format { text, openmetrics };

// The format a scrape asks for by its Accept header, and the Content-Type to answer with.
Format negotiate(const std::string& accept);
const char* content_type(Format f);

// Not thread-safe: the registry belongs to the master, which is single-threaded.
class Registry {
public:
    Registry();
    ~Registry();
    Registry(const Registry&) = delete;
    Registry& operator=(const Registry&) = delete;

    // Adds a family. Errors: a bad metric or label name, a reserved label ("le" on a histogram,
    // "quantile" on a summary), unsorted or empty buckets, an objective outside (0,1), and a name
    // already declared: that text contains "tried to register existing collector" (the phrase
    // RoadRunner's PHP client looks for).
    std::string declare(Desc desc);
    // Removes a family and its series; false if there was none.
    bool unregister(const std::string& name);
    bool has(const std::string& name) const;

    // Value operations on the series with these label values (created on first use). Each
    // returns "" or the error: unknown family, label count not the declared one, an operation
    // the type has not (add: counter, gauge; sub, set: gauge; observe: histogram, summary), or a
    // negative add on a counter.
    std::string add(const std::string& name, double value, const std::vector<std::string>& labels = {});
    std::string sub(const std::string& name, double value, const std::vector<std::string>& labels = {});
    std::string set(const std::string& name, double value, const std::vector<std::string>& labels = {});
    std::string observe(const std::string& name, double value, const std::vector<std::string>& labels = {});
    // Drops every series of a family (for gauges rebuilt at each scrape, e.g. one per worker pid).
    void clear_series(const std::string& name);

    // Called at the start of each expose(), in the order added: where the server refreshes the
    // gauges it computes (workers, memory, uptime).
    void on_scrape(std::function<void(Registry&)> refresh);

    // The whole registry in `f`, families sorted by name, series sorted by label values. A
    // refresher must not call on_scrape.
    std::string expose(Format f);

    // The number of series (histogram and summary series count once), for limits and tests.
    size_t series_count() const;

private:
    struct Family;
    Family* find(const std::string& name) const;
    std::map<std::string, std::unique_ptr<Family>> families_;
    std::vector<std::function<void(Registry&)>> refreshers_;
    size_t last_size_ = 0; // of the previous exposition: what the next one reserves
};

} // namespace rr::metrics
