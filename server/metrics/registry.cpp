#include "server/metrics/registry.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <limits>
#include <string_view>

namespace rr::metrics {
namespace {

using Clock = std::chrono::steady_clock;

// Summary quantiles are exact, computed at each scrape over a sliding window: the observations of
// the last 10 minutes (the Go client's default age), at most kMaxKept of them per series. Beyond
// that the oldest observation makes room for the newest, which bounds both memory (16 bytes an
// observation) and the sort a scrape does per series.
constexpr auto kWindow = std::chrono::minutes(10);
constexpr size_t kMaxKept = 10000;

constexpr double kDefaultBuckets[] = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};
constexpr double kInf = std::numeric_limits<double>::infinity();

enum class Op { add, sub, set, observe };

const char* op_name(Op op) {
    switch (op) {
    case Op::add:
        return "add";
    case Op::sub:
        return "sub";
    case Op::set:
        return "set";
    case Op::observe:
        return "observe";
    }
    return "?";
}

const char* type_name(Type t) {
    switch (t) {
    case Type::counter:
        return "counter";
    case Type::gauge:
        return "gauge";
    case Type::histogram:
        return "histogram";
    case Type::summary:
        return "summary";
    }
    return "untyped";
}

// The observations a summary series keeps, oldest first: a ring that grows on demand (most
// series see far fewer than kMaxKept observations in a window) and, once full, overwrites its
// oldest entry.
class Window {
public:
    void push(Clock::time_point at, double value) {
        if (size_ == ring_.size()) {
            if (ring_.size() == kMaxKept) {
                ring_[head_] = {at, value};
                head_ = (head_ + 1) % ring_.size();
                return;
            }
            grow();
        }
        ring_[(head_ + size_) % ring_.size()] = {at, value};
        ++size_;
    }

    // Forgets what was observed before `cutoff`; times only grow, so that is a prefix.
    void expire(Clock::time_point cutoff) {
        while (size_ > 0 && ring_[head_].at < cutoff) {
            head_ = (head_ + 1) % ring_.size();
            --size_;
        }
    }

    void append_values(std::vector<double>& out) const {
        for (size_t i = 0; i < size_; ++i) {
            out.push_back(ring_[(head_ + i) % ring_.size()].value);
        }
    }

private:
    struct Observation {
        Clock::time_point at;
        double value;
    };

    void grow() {
        const size_t capacity = std::min(kMaxKept, std::max<size_t>(16, ring_.size() * 2));
        std::vector<Observation> bigger;
        bigger.reserve(capacity);
        for (size_t i = 0; i < size_; ++i) {
            bigger.push_back(ring_[(head_ + i) % ring_.size()]);
        }
        bigger.resize(capacity);
        ring_ = std::move(bigger);
        head_ = 0;
    }

    std::vector<Observation> ring_;
    size_t head_ = 0;
    size_t size_ = 0;
};

struct Series {
    double value = 0;              // counter, gauge; the sum of a histogram or summary
    uint64_t count = 0;            // histogram, summary
    std::vector<uint64_t> buckets; // histogram: observations per bucket (not cumulative), +Inf last
    Window window;                 // summary
};

bool valid_metric_name(std::string_view s) {
    auto initial = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    };
    if (s.empty() || !initial(s[0])) {
        return false;
    }
    return std::all_of(s.begin() + 1, s.end(), [&](char c) { return initial(c) || (c >= '0' && c <= '9'); });
}

bool valid_label_name(std::string_view s) {
    auto initial = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    if (s.empty() || !initial(s[0])) {
        return false;
    }
    return std::all_of(s.begin() + 1, s.end(), [&](char c) { return initial(c) || (c >= '0' && c <= '9'); });
}

// Both formats are UTF-8, and a scrape with one bad byte is rejected whole: help texts and label
// values are checked once, when they enter the registry.
bool valid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        // A lead byte's length; C0, C1 (overlong) and F5 on (beyond U+10FFFF) never lead.
        const size_t len = c >= 0xC2 && c <= 0xDF   ? 2
                           : c >= 0xE0 && c <= 0xEF ? 3
                           : c >= 0xF0 && c <= 0xF4 ? 4
                                                    : 0;
        if (len == 0) {
            return false;
        }
        uint32_t cp = c & (0x7F >> len);
        if (s.size() - i < len) {
            return false;
        }
        for (size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false; // overlong, out of range, or a surrogate
        }
        i += len;
    }
    return true;
}

std::string quoted(std::string_view s) {
    std::string q;
    q.reserve(s.size() + 2);
    q += '"';
    q += s;
    q += '"';
    return q;
}

// `v` in its shortest form that reads back exactly, in fixed notation while the decimal exponent
// is in [-4, sci_from) and in scientific beyond ("1e+06", "1.5e-07"); integers have no ".0".
void append_float(std::string& out, double v, int sci_from) {
    if (std::isnan(v)) {
        out += "NaN";
        return;
    }
    if (std::isinf(v)) {
        out += v > 0 ? "+Inf" : "-Inf";
        return;
    }
    char buf[64];
    const auto sci = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific).ptr;
    const char* exp_at = std::find(buf, sci, 'e') + 1; // "d.ddde+XX" always has one
    if (*exp_at == '+') {
        ++exp_at; // from_chars takes no plus sign
    }
    int exp = 0;
    std::from_chars(exp_at, sci, exp);
    if (exp < -4 || exp >= sci_from) {
        out.append(buf, sci);
        return;
    }
    const auto fixed = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed).ptr;
    out.append(buf, fixed);
}

// A sample value. Scientific notation only from 1e21 on, so counts and byte sizes read as
// integers; most values are integers, which skip the float conversion.
void append_value(std::string& out, double v) {
    if (v == std::trunc(v) && std::fabs(v) < 1e15) {
        char buf[24];
        out.append(buf, std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(v)).ptr);
        return;
    }
    append_float(out, v, 21);
}

void append_count(std::string& out, uint64_t n) {
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, n).ptr);
}

// An "le" or "quantile" label value. These are strings to Prometheus, so the same number must
// always be spelt the same way: Go's shortest %g (scientific from 1e+06 on), which is what
// Prometheus' own clients write, and in OpenMetrics with ".0" on integers (the spec's canonical
// numbers: "1.0", "100000.0", "1e+06").
std::string bound_text(double v, Format f) {
    std::string s;
    append_float(s, v, 6);
    if (f == Format::openmetrics && std::isfinite(v) && s.find_first_of(".e") == std::string::npos) {
        s += ".0";
    }
    return s;
}

// HELP text: backslash and newline escaped; OpenMetrics escapes double quotes too.
void append_help(std::string& out, std::string_view s, Format f) {
    for (char c : s) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '"' && f == Format::openmetrics) {
            out += "\\\"";
        } else {
            out += c;
        }
    }
}

void append_label_value(std::string& out, std::string_view s) {
    size_t from = 0;
    for (size_t at; (at = s.find_first_of("\\\"\n", from)) != std::string_view::npos; from = at + 1) {
        out.append(s.data() + from, at - from);
        out += s[at] == '\\' ? "\\\\" : s[at] == '"' ? "\\\"" : "\\n";
    }
    out.append(s.data() + from, s.size() - from);
}

// The start of a sample line up to its value: `name{labels,extra="..."} `. `labels` is the
// series' rendered label pairs, empty when it has none.
void append_head(std::string& out, std::string_view name, std::string_view suffix, std::string_view labels,
                 std::string_view extra_name = {}, std::string_view extra_value = {}) {
    out += name;
    out += suffix;
    if (!labels.empty() || !extra_name.empty()) {
        out += '{';
        out += labels;
        if (!extra_name.empty()) {
            if (!labels.empty()) {
                out += ',';
            }
            out += extra_name;
            out += "=\"";
            out += extra_value;
            out += '"';
        }
        out += '}';
    }
    out += ' ';
}

} // namespace

struct Registry::Family {
    Desc desc;                                  // buckets without +Inf; objectives sorted by quantile
    std::string om_name;                        // the OpenMetrics family name: a counter's without "_total"
    std::vector<std::string> bounds_text[2];    // "le" values, per Format
    std::vector<std::string> quantiles_text[2]; // "quantile" values, per Format
    std::map<std::vector<std::string>, Series> series;

    Series make_series() const {
        Series s;
        if (desc.type == Type::histogram) {
            s.buckets.assign(desc.buckets.size() + 1, 0);
        }
        return s;
    }

    std::string apply(Op op, double v, const std::vector<std::string>& labels) {
        const Type t = desc.type;
        const bool allowed = op == Op::add       ? t == Type::counter || t == Type::gauge
                             : op == Op::observe ? t == Type::histogram || t == Type::summary
                                                 : t == Type::gauge;
        if (!allowed) {
            return std::string(op_name(op)) + " is not supported by " + type_name(t) + " " +
                   quoted(desc.name) + " (add: counter, gauge; sub, set: gauge; observe: histogram, summary)";
        }
        if (labels.size() != desc.labels.size()) {
            return "inconsistent label cardinality for " + quoted(desc.name) + ": expected " +
                   std::to_string(desc.labels.size()) + " label values but got " +
                   std::to_string(labels.size());
        }
        if (t == Type::counter && !(v >= 0)) {
            std::string e = "counter " + quoted(desc.name) + " cannot decrease: add of ";
            append_float(e, v, 21);
            return e;
        }
        if (op == Op::observe && std::isnan(v)) {
            // It would turn the sum into NaN for good (and has no place among the quantiles).
            return "cannot observe NaN on " + std::string(type_name(t)) + " " + quoted(desc.name);
        }
        auto it = series.find(labels);
        if (it == series.end()) {
            for (const auto& value : labels) {
                if (!valid_utf8(value)) {
                    // Not quoted back: the error text travels in protobuf strings, which must be UTF-8.
                    return "a label value of " + quoted(desc.name) + " is not valid UTF-8";
                }
            }
            it = series.emplace(labels, make_series()).first;
        }
        Series& s = it->second;
        switch (op) {
        case Op::add:
            s.value += v;
            break;
        case Op::sub:
            s.value -= v;
            break;
        case Op::set:
            s.value = v;
            break;
        case Op::observe:
            ++s.count;
            s.value += v;
            if (t == Type::histogram) {
                // The first bucket whose upper bound is >= v; past the last bound, +Inf's.
                const auto& b = desc.buckets;
                ++s.buckets[std::lower_bound(b.begin(), b.end(), v) - b.begin()];
            } else if (!desc.objectives.empty()) {
                const auto now = Clock::now();
                s.window.expire(now - kWindow);
                s.window.push(now, v);
            }
            break;
        }
        return {};
    }

    // A generous guess at the size of the family's exposition, for reserving the output up front.
    size_t size_estimate() const {
        size_t lines = 1;
        if (desc.type == Type::histogram) {
            lines = desc.buckets.size() + 3;
        } else if (desc.type == Type::summary) {
            lines = desc.objectives.size() + 2;
        }
        const size_t line = desc.name.size() + 40 + desc.labels.size() * 24;
        return 64 + 2 * desc.name.size() + desc.help.size() + series.size() * lines * line;
    }

    void write(std::string& out, Format f, Clock::time_point now, std::string& labels,
               std::vector<double>& scratch) {
        const bool om = f == Format::openmetrics;
        const std::string& family = om ? om_name : desc.name;
        auto type_line = [&] {
            out += "# TYPE ";
            out += family;
            out += ' ';
            out += type_name(desc.type);
            out += '\n';
        };
        auto help_line = [&] {
            out += "# HELP ";
            out += family;
            out += ' ';
            append_help(out, desc.help, f);
            out += '\n';
        };
        // The order each format's spec shows; OpenMetrics treats an empty HELP as none.
        if (om) {
            type_line();
            if (!desc.help.empty()) {
                help_line();
            }
        } else {
            help_line();
            type_line();
        }

        const std::string_view counter_suffix = om ? "_total" : "";
        const auto& bounds = bounds_text[static_cast<int>(f)];
        const auto& quantiles = quantiles_text[static_cast<int>(f)];
        // OpenMetrics: a histogram with negative buckets has no sum (it would not be a counter), and
        // then no count either.
        const bool sum_and_count =
            !(om && desc.type == Type::histogram && !desc.buckets.empty() && desc.buckets[0] < 0);
        for (auto& [values, s] : series) {
            labels.clear();
            for (size_t i = 0; i < values.size(); ++i) {
                if (i > 0) {
                    labels += ',';
                }
                labels += desc.labels[i];
                labels += "=\"";
                append_label_value(labels, values[i]);
                labels += '"';
            }
            switch (desc.type) {
            case Type::counter:
            case Type::gauge:
                append_head(out, family, desc.type == Type::counter ? counter_suffix : "", labels);
                append_value(out, s.value);
                out += '\n';
                continue;
            case Type::histogram: {
                uint64_t cumulative = 0;
                for (size_t i = 0; i < bounds.size(); ++i) {
                    cumulative += s.buckets[i];
                    append_head(out, family, "_bucket", labels, "le", bounds[i]);
                    append_count(out, cumulative);
                    out += '\n';
                }
                append_head(out, family, "_bucket", labels, "le", "+Inf");
                append_count(out, s.count);
                out += '\n';
                break;
            }
            case Type::summary:
                if (!quantiles.empty()) {
                    s.window.expire(now - kWindow);
                    scratch.clear();
                    s.window.append_values(scratch);
                    std::sort(scratch.begin(), scratch.end());
                    for (size_t i = 0; i < quantiles.size(); ++i) {
                        append_head(out, family, "", labels, "quantile", quantiles[i]);
                        append_value(out, nearest_rank(scratch, desc.objectives[i].first));
                        out += '\n';
                    }
                }
                break;
            }
            if (sum_and_count) {
                append_head(out, family, "_sum", labels);
                append_value(out, s.value);
                out += '\n';
                append_head(out, family, "_count", labels);
                append_count(out, s.count);
                out += '\n';
            }
        }
    }

    // The q-quantile of `sorted` by the nearest-rank rule: the smallest value with at least q·n
    // values at or below it, i.e. the ceil(q·n)-th (1-based); NaN when there is none. Over 1..100
    // the 0.5-quantile is 50, the 0.9 one 90. The tolerance keeps q·n that lands just above an
    // integer by rounding (0.07·100 = 7.000000000000001) on that integer.
    static double nearest_rank(const std::vector<double>& sorted, double q) {
        if (sorted.empty()) {
            return std::numeric_limits<double>::quiet_NaN();
        }
        const double n = static_cast<double>(sorted.size());
        const double rank = std::ceil(q * n - 1e-9);
        const size_t at = rank < 1 ? 0 : std::min(sorted.size(), static_cast<size_t>(rank)) - 1;
        return sorted[at];
    }
};

Format negotiate(const std::string& accept) {
    static constexpr std::string_view om = "application/openmetrics-text";
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    const auto at = std::search(accept.begin(), accept.end(), om.begin(), om.end(),
                                [&](char a, char b) { return lower(a) == b; });
    return at == accept.end() ? Format::text : Format::openmetrics;
}

const char* content_type(Format f) {
    return f == Format::openmetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                                    : "text/plain; version=0.0.4; charset=utf-8";
}

Registry::Registry() = default;
Registry::~Registry() = default;

Registry::Family* Registry::find(const std::string& name) const {
    const auto it = families_.find(name);
    return it == families_.end() ? nullptr : it->second.get();
}

std::string Registry::declare(Desc desc) {
    if (!valid_metric_name(desc.name)) {
        return "invalid metric name " + quoted(desc.name) + ": must match [a-zA-Z_:][a-zA-Z0-9_:]*";
    }
    if (families_.count(desc.name) != 0) {
        return "duplicate metrics collector registration attempted: tried to register existing collector " +
               quoted(desc.name);
    }
    if (!valid_utf8(desc.help)) {
        return "help of " + quoted(desc.name) + " is not valid UTF-8";
    }
    for (size_t i = 0; i < desc.labels.size(); ++i) {
        const std::string& l = desc.labels[i];
        if (!valid_label_name(l)) {
            return "invalid label name " + quoted(l) + " of " + quoted(desc.name) +
                   ": must match [a-zA-Z_][a-zA-Z0-9_]*";
        }
        if (l.starts_with("__")) {
            return "label name " + quoted(l) + " of " + quoted(desc.name) +
                   " is reserved: names starting with __ are";
        }
        if (std::find(desc.labels.begin(), desc.labels.begin() + static_cast<std::ptrdiff_t>(i), l) !=
            desc.labels.begin() + static_cast<std::ptrdiff_t>(i)) {
            return "duplicate label name " + quoted(l) + " of " + quoted(desc.name);
        }
        if ((desc.type == Type::histogram && l == "le") || (desc.type == Type::summary && l == "quantile")) {
            return "label name " + quoted(l) + " is reserved on " + type_name(desc.type) + " " +
                   quoted(desc.name);
        }
    }

    // Buckets and objectives of other types are ignored rather than refused: clients fill in
    // every field of a collector whatever its type.
    if (desc.type != Type::histogram) {
        desc.buckets.clear();
    } else if (desc.buckets.empty()) {
        desc.buckets.assign(std::begin(kDefaultBuckets), std::end(kDefaultBuckets));
    } else {
        for (size_t i = 0; i < desc.buckets.size(); ++i) {
            if (std::isnan(desc.buckets[i]) || (i > 0 && !(desc.buckets[i] > desc.buckets[i - 1]))) {
                return "histogram buckets of " + quoted(desc.name) + " must be in strictly increasing order";
            }
        }
        if (desc.buckets.back() == kInf) {
            desc.buckets.pop_back(); // +Inf is always there
        }
    }
    if (desc.type != Type::summary) {
        desc.objectives.clear();
    }
    for (const auto& [q, err] : desc.objectives) {
        if (!(q > 0 && q < 1)) {
            std::string e = "summary objective quantile ";
            append_float(e, q, 21);
            return e + " of " + quoted(desc.name) + " is not in (0, 1)";
        }
        if (!(err >= 0 && err < 1)) {
            std::string e = "summary objective error ";
            append_float(e, err, 21);
            return e + " of " + quoted(desc.name) + " is not in [0, 1)";
        }
    }
    std::sort(desc.objectives.begin(), desc.objectives.end());
    for (size_t i = 1; i < desc.objectives.size(); ++i) {
        if (desc.objectives[i].first == desc.objectives[i - 1].first) {
            return "duplicate summary objective in " + quoted(desc.name);
        }
    }

    auto fam = std::make_unique<Family>();
    fam->om_name = desc.name;
    if (desc.type == Type::counter && desc.name.size() > 6 && desc.name.ends_with("_total")) {
        fam->om_name.resize(desc.name.size() - 6);
    }
    for (Format f : {Format::text, Format::openmetrics}) {
        for (double b : desc.buckets) {
            fam->bounds_text[static_cast<int>(f)].push_back(bound_text(b, f));
        }
        for (const auto& o : desc.objectives) {
            fam->quantiles_text[static_cast<int>(f)].push_back(bound_text(o.first, f));
        }
    }
    fam->desc = std::move(desc);
    // Like the Go client's plain metrics, a family without labels has its one series from the start.
    if (fam->desc.labels.empty()) {
        fam->series.emplace(std::vector<std::string>{}, fam->make_series());
    }
    const std::string name = fam->desc.name;
    families_.emplace(name, std::move(fam));
    return {};
}

bool Registry::unregister(const std::string& name) {
    return families_.erase(name) != 0;
}

bool Registry::has(const std::string& name) const {
    return families_.count(name) != 0;
}

std::string Registry::add(const std::string& name, double value, const std::vector<std::string>& labels) {
    Family* fam = find(name);
    return fam ? fam->apply(Op::add, value, labels) : "unknown collector " + quoted(name);
}

std::string Registry::sub(const std::string& name, double value, const std::vector<std::string>& labels) {
    Family* fam = find(name);
    return fam ? fam->apply(Op::sub, value, labels) : "unknown collector " + quoted(name);
}

std::string Registry::set(const std::string& name, double value, const std::vector<std::string>& labels) {
    Family* fam = find(name);
    return fam ? fam->apply(Op::set, value, labels) : "unknown collector " + quoted(name);
}

std::string Registry::observe(const std::string& name, double value, const std::vector<std::string>& labels) {
    Family* fam = find(name);
    return fam ? fam->apply(Op::observe, value, labels) : "unknown collector " + quoted(name);
}

void Registry::clear_series(const std::string& name) {
    if (Family* fam = find(name)) {
        fam->series.clear();
    }
}

void Registry::on_scrape(std::function<void(Registry&)> refresh) {
    refreshers_.push_back(std::move(refresh));
}

std::string Registry::expose(Format f) {
    for (auto& refresh : refreshers_) {
        refresh(*this);
    }
    size_t estimate = 16;
    for (const auto& [name, fam] : families_) {
        estimate += fam->size_estimate();
    }
    std::string out;
    out.reserve(std::max(estimate, last_size_ + last_size_ / 8));
    const auto now = Clock::now();
    std::string labels;
    std::vector<double> scratch;
    for (const auto& [name, fam] : families_) {
        fam->write(out, f, now, labels, scratch);
    }
    if (f == Format::openmetrics) {
        out += "# EOF\n";
    }
    last_size_ = out.size();
    return out;
}

size_t Registry::series_count() const {
    size_t n = 0;
    for (const auto& [name, fam] : families_) {
        n += fam->series.size();
    }
    return n;
}

} // namespace rr::metrics
