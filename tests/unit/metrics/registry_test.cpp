#include "server/metrics/registry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace rr::metrics {
namespace {

::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
    if (text.find(part) != std::string::npos) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "\"" << part << "\" is not in:\n" << text;
}

Desc desc(std::string name, Type type, std::vector<std::string> labels = {}, std::string help = "Help.") {
    Desc d;
    d.name = std::move(name);
    d.help = std::move(help);
    d.type = type;
    d.labels = std::move(labels);
    return d;
}

Desc histogram(std::string name, std::vector<double> buckets, std::vector<std::string> labels = {}) {
    Desc d = desc(std::move(name), Type::histogram, std::move(labels));
    d.buckets = std::move(buckets);
    return d;
}

Desc summary(std::string name, std::vector<std::pair<double, double>> objectives,
             std::vector<std::string> labels = {}) {
    Desc d = desc(std::move(name), Type::summary, std::move(labels));
    d.objectives = std::move(objectives);
    return d;
}

// ---------------------------------------------------------------- declaration errors

TEST(MetricsDeclare, MetricNamesFollowPrometheusRules) {
    Registry r;
    for (const char* bad : {"", "1abc", "a-b", "a b", "a.b", "caf\xc3\xa9", "a{b}"}) {
        EXPECT_TRUE(Contains(r.declare(desc(bad, Type::counter)), "invalid metric name")) << bad;
    }
    for (const char* good : {"a", "_x", ":x", "rr:http_requests_total", "A9_:z"}) {
        EXPECT_EQ(r.declare(desc(good, Type::counter)), "") << good;
    }
    EXPECT_EQ(r.series_count(), 5u);
}

TEST(MetricsDeclare, LabelNamesFollowPrometheusRules) {
    Registry r;
    for (const char* bad : {"", "1a", "a-b", "a:b", "a b"}) {
        EXPECT_TRUE(Contains(r.declare(desc("m", Type::gauge, {"ok", bad})), "invalid label name")) << bad;
    }
    EXPECT_TRUE(Contains(r.declare(desc("m", Type::gauge, {"__name__"})), "reserved"));
    EXPECT_TRUE(Contains(r.declare(desc("m", Type::gauge, {"__x"})), "reserved"));
    EXPECT_TRUE(Contains(r.declare(desc("m", Type::gauge, {"a", "b", "a"})), "duplicate label name \"a\""));
    EXPECT_FALSE(r.has("m"));
    EXPECT_EQ(r.declare(desc("m", Type::gauge, {"_a", "B9", "le", "quantile"})), "");
}

TEST(MetricsDeclare, LeIsReservedOnHistogramsAndQuantileOnSummaries) {
    Registry r;
    EXPECT_TRUE(Contains(r.declare(histogram("h", {}, {"route", "le"})), "\"le\" is reserved on histogram"));
    EXPECT_TRUE(Contains(r.declare(summary("s", {}, {"quantile"})), "\"quantile\" is reserved on summary"));
    EXPECT_EQ(r.declare(histogram("h", {}, {"quantile"})), "");
    EXPECT_EQ(r.declare(summary("s", {}, {"le"})), "");
}

TEST(MetricsDeclare, BucketsMustBeStrictlyIncreasing) {
    Registry r;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const auto& b :
         std::vector<std::vector<double>>{{1, 0.5}, {1, 1}, {nan}, {1, nan, 2}, {1, INFINITY, INFINITY}}) {
        EXPECT_TRUE(Contains(r.declare(histogram("h", b)), "strictly increasing")) << b.size();
    }
    EXPECT_FALSE(r.has("h"));
    EXPECT_EQ(r.series_count(), 0u);
}

TEST(MetricsDeclare, ObjectivesMustBeQuantilesStrictlyBetweenZeroAndOne) {
    Registry r;
    for (double q : {0.0, 1.0, -0.5, 1.5, std::numeric_limits<double>::quiet_NaN()}) {
        EXPECT_TRUE(Contains(r.declare(summary("s", {{0.5, 0.05}, {q, 0.01}})), "not in (0, 1)")) << q;
    }
    EXPECT_TRUE(Contains(r.declare(summary("s", {{0.5, -0.1}})), "error"));
    EXPECT_TRUE(Contains(r.declare(summary("s", {{0.5, 0.05}, {0.5, 0.01}})), "duplicate summary objective"));
    EXPECT_FALSE(r.has("s"));
}

TEST(MetricsDeclare, HelpMustBeUtf8) {
    Registry r;
    EXPECT_TRUE(Contains(r.declare(desc("m", Type::gauge, {}, "bad \xff byte")), "UTF-8"));
    EXPECT_FALSE(r.has("m"));
}

TEST(MetricsDeclare, DuplicateIsTheErrorRoadRunnerClientsRecognise) {
    Registry r;
    ASSERT_EQ(r.declare(desc("jobs", Type::counter)), "");
    ASSERT_EQ(r.add("jobs", 2), "");
    const std::string e = r.declare(desc("jobs", Type::gauge, {"a"}));
    EXPECT_TRUE(Contains(e, "tried to register existing collector"));
    EXPECT_TRUE(Contains(e, "\"jobs\""));
    // The first declaration stands, value included.
    EXPECT_TRUE(Contains(r.set("jobs", 1), "counter"));
    EXPECT_EQ(r.expose(Format::text), "# HELP jobs Help.\n# TYPE jobs counter\njobs 2\n");
}

// ---------------------------------------------------------------- operation errors

TEST(MetricsOperations, UnknownFamily) {
    Registry r;
    for (const std::string& e :
         {r.add("nope", 1), r.sub("nope", 1), r.set("nope", 1), r.observe("nope", 1)}) {
        EXPECT_TRUE(Contains(e, "unknown collector"));
        EXPECT_TRUE(Contains(e, "nope"));
    }
    EXPECT_EQ(r.series_count(), 0u);
}

TEST(MetricsOperations, LabelCountMustMatchTheDeclaration) {
    Registry r;
    ASSERT_EQ(r.declare(desc("g", Type::gauge, {"a", "b"})), "");
    const std::string e = r.set("g", 1, {"x"});
    EXPECT_TRUE(Contains(e, "inconsistent label cardinality"));
    EXPECT_TRUE(Contains(e, "expected 2"));
    EXPECT_TRUE(Contains(e, "got 1"));
    EXPECT_TRUE(Contains(r.set("g", 1, {"x", "y", "z"}), "got 3"));
    EXPECT_TRUE(Contains(r.set("g", 1), "got 0"));
    ASSERT_EQ(r.declare(desc("plain", Type::counter)), "");
    EXPECT_TRUE(Contains(r.add("plain", 1, {"x"}), "expected 0 label values but got 1"));
    EXPECT_EQ(r.series_count(), 1u); // plain's own series only
}

TEST(MetricsOperations, OperationMustFitTheType) {
    Registry r;
    ASSERT_EQ(r.declare(desc("c", Type::counter)), "");
    ASSERT_EQ(r.declare(desc("g", Type::gauge)), "");
    ASSERT_EQ(r.declare(histogram("h", {})), "");
    ASSERT_EQ(r.declare(summary("s", {})), "");
    struct Case {
        std::string error, op, type;
    };
    for (const auto& c : std::vector<Case>{{r.sub("c", 1), "sub", "counter"},
                                           {r.set("c", 1), "set", "counter"},
                                           {r.observe("c", 1), "observe", "counter"},
                                           {r.observe("g", 1), "observe", "gauge"},
                                           {r.add("h", 1), "add", "histogram"},
                                           {r.set("h", 1), "set", "histogram"},
                                           {r.sub("s", 1), "sub", "summary"},
                                           {r.add("s", 1), "add", "summary"}}) {
        EXPECT_TRUE(Contains(c.error, c.op + " is not supported by " + c.type)) << c.error;
    }
    EXPECT_EQ(r.add("c", 1), "");
    EXPECT_EQ(r.add("g", 1), "");
    EXPECT_EQ(r.sub("g", 1), "");
    EXPECT_EQ(r.set("g", 1), "");
    EXPECT_EQ(r.observe("h", 1), "");
    EXPECT_EQ(r.observe("s", 1), "");
}

TEST(MetricsOperations, CounterNeverGoesDown) {
    Registry r;
    ASSERT_EQ(r.declare(desc("c", Type::counter, {"k"})), "");
    EXPECT_TRUE(Contains(r.add("c", -1, {"x"}), "cannot decrease"));
    EXPECT_TRUE(Contains(r.add("c", std::numeric_limits<double>::quiet_NaN(), {"x"}), "cannot decrease"));
    EXPECT_EQ(r.series_count(), 0u); // a refused operation creates no series
    ASSERT_EQ(r.add("c", 0, {"x"}), "");
    ASSERT_EQ(r.add("c", 1.5, {"x"}), "");
    EXPECT_TRUE(Contains(r.add("c", -0.5, {"x"}), "cannot decrease"));
    EXPECT_EQ(r.expose(Format::text), "# HELP c Help.\n# TYPE c counter\nc{k=\"x\"} 1.5\n");
}

TEST(MetricsOperations, NaNObservationsAreRefused) {
    Registry r;
    ASSERT_EQ(r.declare(histogram("h", {1})), "");
    ASSERT_EQ(r.declare(summary("s", {{0.5, 0.05}})), "");
    EXPECT_TRUE(Contains(r.observe("h", NAN), "NaN"));
    EXPECT_TRUE(Contains(r.observe("s", NAN), "NaN"));
    EXPECT_EQ(r.expose(Format::text),
              "# HELP h Help.\n# TYPE h histogram\nh_bucket{le=\"1\"} 0\n"
              "h_bucket{le=\"+Inf\"} 0\nh_sum 0\nh_count 0\n"
              "# HELP s Help.\n# TYPE s summary\ns{quantile=\"0.5\"} NaN\ns_sum 0\ns_count 0\n");
}

TEST(MetricsOperations, LabelValuesMustBeUtf8) {
    Registry r;
    ASSERT_EQ(r.declare(desc("g", Type::gauge, {"k"})), "");
    EXPECT_TRUE(Contains(r.set("g", 1, {"\xc3"}), "UTF-8"));         // truncated
    EXPECT_TRUE(Contains(r.set("g", 1, {"\xc0\xaf"}), "UTF-8"));     // overlong
    EXPECT_TRUE(Contains(r.set("g", 1, {"\xed\xa0\x80"}), "UTF-8")); // surrogate
    EXPECT_TRUE(Contains(r.set("g", 1, {"\xf4\x90\x80\x80"}), "UTF-8"));
    EXPECT_EQ(r.series_count(), 0u);
    EXPECT_EQ(r.set("g", 1, {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"}), "");
    EXPECT_EQ(r.set("g", 1, {std::string("nul\0byte", 8)}), "");
    EXPECT_EQ(r.series_count(), 2u);
}

// ---------------------------------------------------------------- text format 0.0.4

TEST(MetricsText, CounterWithoutLabelsExistsFromDeclaration) {
    Registry r;
    ASSERT_EQ(r.declare(desc("jobs_done", Type::counter, {}, "Jobs done.")), "");
    EXPECT_EQ(r.series_count(), 1u);
    EXPECT_EQ(r.expose(Format::text), "# HELP jobs_done Jobs done.\n# TYPE jobs_done counter\njobs_done 0\n");
    ASSERT_EQ(r.add("jobs_done", 1), "");
    ASSERT_EQ(r.add("jobs_done", 2), "");
    EXPECT_EQ(r.expose(Format::text), "# HELP jobs_done Jobs done.\n# TYPE jobs_done counter\njobs_done 3\n");
}

TEST(MetricsText, GaugeWithLabelsSortedAndEscaped) {
    Registry r;
    ASSERT_EQ(r.declare(desc("queue_items", Type::gauge, {"path", "kind"}, "Items in\na \\queue \"now\".")),
              "");
    EXPECT_EQ(
        r.expose(Format::text),
        "# HELP queue_items Items in\\na \\\\queue \"now\".\n# TYPE queue_items gauge\n"); // no series yet
    ASSERT_EQ(r.set("queue_items", 5, {"b", "x"}), "");
    ASSERT_EQ(r.add("queue_items", 2.5, {"a\\b", "say \"hi\"\nbye"}), "");
    ASSERT_EQ(r.sub("queue_items", 4, {"a\\b", "say \"hi\"\nbye"}), "");
    ASSERT_EQ(r.set("queue_items", 7, {"a", "z"}), "");
    ASSERT_EQ(r.add("queue_items", 1, {"b", "x"}), "");
    EXPECT_EQ(r.expose(Format::text), "# HELP queue_items Items in\\na \\\\queue \"now\".\n"
                                      "# TYPE queue_items gauge\n"
                                      "queue_items{path=\"a\",kind=\"z\"} 7\n"
                                      "queue_items{path=\"a\\\\b\",kind=\"say \\\"hi\\\"\\nbye\"} -1.5\n"
                                      "queue_items{path=\"b\",kind=\"x\"} 6\n");
    EXPECT_EQ(r.series_count(), 3u);
}

TEST(MetricsText, NumbersAreShortestRoundTrip) {
    Registry r;
    ASSERT_EQ(r.declare(desc("g", Type::gauge, {"v"})), "");
    const std::vector<std::pair<double, std::string>> cases = {
        {0, "0"},
        {1, "1"},
        {-3, "-3"},
        {2.5, "2.5"},
        {0.005, "0.005"},
        {0.1 + 0.2, "0.30000000000000004"},
        {1234567, "1234567"},
        {1e15, "1000000000000000"},
        {1e20, "100000000000000000000"},
        {1e21, "1e+21"},
        {1.5e300, "1.5e+300"},
        {0.0001, "0.0001"},
        {0.00001, "1e-05"},
        {-2.5e-7, "-2.5e-07"},
        {INFINITY, "+Inf"},
        {-INFINITY, "-Inf"},
        {NAN, "NaN"},
    };
    for (size_t i = 0; i < cases.size(); ++i) {
        ASSERT_EQ(r.set("g", cases[i].first, {std::string(1, static_cast<char>('a' + i))}), "");
    }
    const std::string out = r.expose(Format::text);
    for (size_t i = 0; i < cases.size(); ++i) {
        const std::string line =
            "g{v=\"" + std::string(1, static_cast<char>('a' + i)) + "\"} " + cases[i].second + "\n";
        EXPECT_TRUE(Contains(out, line));
    }
}

TEST(MetricsText, HistogramBucketsAreCumulative) {
    Registry r;
    ASSERT_EQ(r.declare(histogram("req_seconds", {1, 2.5, 5, INFINITY}, {"route"})), ""); // +Inf is dropped
    for (double v : {0.5, 1.0, 2.0, 3.0, 10.0}) {
        ASSERT_EQ(r.observe("req_seconds", v, {"/a"}), "");
    }
    ASSERT_EQ(r.observe("req_seconds", 0.25, {"/b"}), "");
    EXPECT_EQ(r.series_count(), 2u);
    EXPECT_EQ(r.expose(Format::text), "# HELP req_seconds Help.\n"
                                      "# TYPE req_seconds histogram\n"
                                      "req_seconds_bucket{route=\"/a\",le=\"1\"} 2\n"
                                      "req_seconds_bucket{route=\"/a\",le=\"2.5\"} 3\n"
                                      "req_seconds_bucket{route=\"/a\",le=\"5\"} 4\n"
                                      "req_seconds_bucket{route=\"/a\",le=\"+Inf\"} 5\n"
                                      "req_seconds_sum{route=\"/a\"} 16.5\n"
                                      "req_seconds_count{route=\"/a\"} 5\n"
                                      "req_seconds_bucket{route=\"/b\",le=\"1\"} 1\n"
                                      "req_seconds_bucket{route=\"/b\",le=\"2.5\"} 1\n"
                                      "req_seconds_bucket{route=\"/b\",le=\"5\"} 1\n"
                                      "req_seconds_bucket{route=\"/b\",le=\"+Inf\"} 1\n"
                                      "req_seconds_sum{route=\"/b\"} 0.25\n"
                                      "req_seconds_count{route=\"/b\"} 1\n");
}

TEST(MetricsText, HistogramDefaultsToPrometheusBuckets) {
    Registry r;
    ASSERT_EQ(r.declare(histogram("h", {})), "");
    ASSERT_EQ(r.observe("h", 0.3), "");
    EXPECT_EQ(r.expose(Format::text),
              "# HELP h Help.\n# TYPE h histogram\n"
              "h_bucket{le=\"0.005\"} 0\nh_bucket{le=\"0.01\"} 0\nh_bucket{le=\"0.025\"} 0\n"
              "h_bucket{le=\"0.05\"} 0\nh_bucket{le=\"0.1\"} 0\nh_bucket{le=\"0.25\"} 0\n"
              "h_bucket{le=\"0.5\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"2.5\"} 1\n"
              "h_bucket{le=\"5\"} 1\nh_bucket{le=\"10\"} 1\nh_bucket{le=\"+Inf\"} 1\n"
              "h_sum 0.3\nh_count 1\n");
}

TEST(MetricsText, HistogramWithOnlyInfHasOneBucket) {
    Registry r;
    ASSERT_EQ(r.declare(histogram("h", {INFINITY})), "");
    ASSERT_EQ(r.observe("h", 7), "");
    EXPECT_EQ(r.expose(Format::text),
              "# HELP h Help.\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 7\nh_count 1\n");
}

TEST(MetricsText, BucketBoundsAreSpeltLikeGo) {
    Registry r;
    ASSERT_EQ(r.declare(histogram("h", {-1, 0, 0.0001, 1, 100000, 1e6, 1.5e7})), "");
    EXPECT_TRUE(Contains(r.expose(Format::text), "h_bucket{le=\"-1\"} 0\nh_bucket{le=\"0\"} 0\n"
                                                 "h_bucket{le=\"0.0001\"} 0\nh_bucket{le=\"1\"} 0\n"
                                                 "h_bucket{le=\"100000\"} 0\nh_bucket{le=\"1e+06\"} 0\n"
                                                 "h_bucket{le=\"1.5e+07\"} 0\nh_bucket{le=\"+Inf\"} 0\n"));
}

// Quantiles use the nearest-rank rule over the window: the ceil(q*n)-th smallest observation.
TEST(MetricsText, SummaryQuantilesAreNearestRank) {
    Registry r;
    ASSERT_EQ(r.declare(summary("lat", {{0.99, 0.001}, {0.5, 0.05}, {0.9, 0.01}}, {"op"})), "");
    // 1..100 in a scrambled order.
    for (int i = 0; i < 100; ++i) {
        ASSERT_EQ(r.observe("lat", (i * 37) % 100 + 1, {"get"}), "");
    }
    EXPECT_EQ(r.expose(Format::text), "# HELP lat Help.\n# TYPE lat summary\n"
                                      "lat{op=\"get\",quantile=\"0.5\"} 50\n"
                                      "lat{op=\"get\",quantile=\"0.9\"} 90\n"
                                      "lat{op=\"get\",quantile=\"0.99\"} 99\n"
                                      "lat_sum{op=\"get\"} 5050\n"
                                      "lat_count{op=\"get\"} 100\n");
}

TEST(MetricsText, SummaryEdgeQuantiles) {
    Registry r;
    ASSERT_EQ(r.declare(summary("s", {{0.01, 0}, {0.07, 0}, {0.999, 0}})), "");
    EXPECT_TRUE(Contains(r.expose(Format::text), "s{quantile=\"0.01\"} NaN\ns{quantile=\"0.07\"} NaN\n"
                                                 "s{quantile=\"0.999\"} NaN\ns_sum 0\ns_count 0\n"));
    ASSERT_EQ(r.observe("s", 42), "");
    EXPECT_TRUE(Contains(r.expose(Format::text), "s{quantile=\"0.01\"} 42\ns{quantile=\"0.07\"} 42\n"
                                                 "s{quantile=\"0.999\"} 42\ns_sum 42\ns_count 1\n"));
    r.clear_series("s");
    for (int i = 1; i <= 100; ++i) {
        ASSERT_EQ(r.observe("s", i), "");
    }
    // 0.07 * 100 is 7.000000000000001 in doubles: still the 7th.
    EXPECT_TRUE(Contains(r.expose(Format::text), "s{quantile=\"0.01\"} 1\ns{quantile=\"0.07\"} 7\n"
                                                 "s{quantile=\"0.999\"} 100\n"));
}

TEST(MetricsText, SummaryKeepsTheLatestTenThousandObservations) {
    Registry r;
    ASSERT_EQ(r.declare(summary("s", {{0.5, 0.05}, {0.99, 0.001}})), "");
    for (int i = 0; i < 10000; ++i) {
        ASSERT_EQ(r.observe("s", 1e6), ""); // pushed out by the next 10000
    }
    for (int i = 1; i <= 10000; ++i) {
        ASSERT_EQ(r.observe("s", i), "");
    }
    EXPECT_TRUE(Contains(r.expose(Format::text), "s{quantile=\"0.5\"} 5000\ns{quantile=\"0.99\"} 9900\n"
                                                 "s_sum 10050005000\ns_count 20000\n"));
}

TEST(MetricsText, SummaryWithoutObjectivesHasOnlySumAndCount) {
    Registry r;
    ASSERT_EQ(r.declare(summary("s", {})), "");
    ASSERT_EQ(r.observe("s", 1.5), "");
    ASSERT_EQ(r.observe("s", 2), "");
    EXPECT_EQ(r.expose(Format::text), "# HELP s Help.\n# TYPE s summary\ns_sum 3.5\ns_count 2\n");
}

TEST(MetricsText, FamiliesSortedByNameAndEmptyHelpKept) {
    Registry r;
    ASSERT_EQ(r.declare(desc("zeta", Type::gauge, {}, "")), "");
    ASSERT_EQ(r.declare(desc("alpha", Type::gauge, {"k"})), "");
    ASSERT_EQ(r.declare(desc("mid", Type::counter)), "");
    EXPECT_EQ(r.expose(Format::text), "# HELP alpha Help.\n# TYPE alpha gauge\n"
                                      "# HELP mid Help.\n# TYPE mid counter\nmid 0\n"
                                      "# HELP zeta \n# TYPE zeta gauge\nzeta 0\n");
    EXPECT_EQ(Registry().expose(Format::text), "");
}

TEST(MetricsText, OtherTypesIgnoreBucketsAndObjectives) {
    Registry r;
    Desc d = desc("g", Type::gauge);
    d.buckets = {3, 2, 1};
    d.objectives = {{2, 2}};
    EXPECT_EQ(r.declare(d), "");
    EXPECT_EQ(r.expose(Format::text), "# HELP g Help.\n# TYPE g gauge\ng 0\n");
}

// ---------------------------------------------------------------- OpenMetrics 1.0.0

TEST(MetricsOpenMetrics, CounterFamilyDropsTotalAndSampleHasIt) {
    Registry r;
    ASSERT_EQ(r.declare(desc("rr_http_request_total", Type::counter, {"status"}, "Requests.")), "");
    ASSERT_EQ(r.declare(desc("jobs_done", Type::counter, {}, "Jobs.")), "");
    ASSERT_EQ(r.add("rr_http_request_total", 3, {"200"}), "");
    ASSERT_EQ(r.add("jobs_done", 3), "");
    EXPECT_EQ(r.expose(Format::openmetrics),
              "# TYPE jobs_done counter\n# HELP jobs_done Jobs.\njobs_done_total 3\n"
              "# TYPE rr_http_request counter\n# HELP rr_http_request Requests.\n"
              "rr_http_request_total{status=\"200\"} 3\n"
              "# EOF\n");
    // The text format keeps the declared name.
    EXPECT_EQ(r.expose(Format::text),
              "# HELP jobs_done Jobs.\n# TYPE jobs_done counter\njobs_done 3\n"
              "# HELP rr_http_request_total Requests.\n# TYPE rr_http_request_total counter\n"
              "rr_http_request_total{status=\"200\"} 3\n");
}

TEST(MetricsOpenMetrics, EmptyRegistryIsJustEof) {
    Registry r;
    EXPECT_EQ(r.expose(Format::openmetrics), "# EOF\n");
}

TEST(MetricsOpenMetrics, HelpEscapesQuotesAndEmptyHelpIsLeftOut) {
    Registry r;
    ASSERT_EQ(r.declare(desc("g", Type::gauge, {"k"}, "a \"b\" \\ c\nd")), "");
    ASSERT_EQ(r.declare(desc("h", Type::gauge, {}, "")), "");
    ASSERT_EQ(r.set("g", 1, {"q\"\\\n"}), "");
    EXPECT_EQ(r.expose(Format::openmetrics), "# TYPE g gauge\n# HELP g a \\\"b\\\" \\\\ c\\nd\n"
                                             "g{k=\"q\\\"\\\\\\n\"} 1\n"
                                             "# TYPE h gauge\nh 0\n# EOF\n");
}

TEST(MetricsOpenMetrics, HistogramAndSummaryUseCanonicalNumbers) {
    Registry r;
    ASSERT_EQ(r.declare(histogram("h", {0.0001, 1, 2.5, 100000, 1e6})), "");
    ASSERT_EQ(r.declare(summary("s", {{0.5, 0.05}})), "");
    ASSERT_EQ(r.observe("h", 2), "");
    ASSERT_EQ(r.observe("s", 2), "");
    EXPECT_EQ(r.expose(Format::openmetrics), "# TYPE h histogram\n# HELP h Help.\n"
                                             "h_bucket{le=\"0.0001\"} 0\nh_bucket{le=\"1.0\"} 0\n"
                                             "h_bucket{le=\"2.5\"} 1\nh_bucket{le=\"100000.0\"} 1\n"
                                             "h_bucket{le=\"1e+06\"} 1\nh_bucket{le=\"+Inf\"} 1\n"
                                             "h_sum 2\nh_count 1\n"
                                             "# TYPE s summary\n# HELP s Help.\n"
                                             "s{quantile=\"0.5\"} 2\ns_sum 2\ns_count 1\n# EOF\n");
}

TEST(MetricsOpenMetrics, HistogramWithNegativeBucketsHasNoSum) {
    Registry r;
    ASSERT_EQ(r.declare(histogram("h", {-1, 1})), "");
    ASSERT_EQ(r.observe("h", -5), "");
    EXPECT_EQ(r.expose(Format::openmetrics), "# TYPE h histogram\n# HELP h Help.\n"
                                             "h_bucket{le=\"-1.0\"} 1\nh_bucket{le=\"1.0\"} 1\n"
                                             "h_bucket{le=\"+Inf\"} 1\n# EOF\n");
    EXPECT_TRUE(Contains(r.expose(Format::text), "h_sum -5\nh_count 1\n"));
}

TEST(MetricsFormat, NegotiateByAcceptHeader) {
    EXPECT_EQ(negotiate(""), Format::text);
    EXPECT_EQ(negotiate("text/plain"), Format::text);
    EXPECT_EQ(negotiate("*/*"), Format::text);
    EXPECT_EQ(
        negotiate("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
                  "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"),
        Format::openmetrics);
    EXPECT_EQ(negotiate("text/plain;q=0.5, Application/OpenMetrics-Text; version=1.0.0"),
              Format::openmetrics);
    EXPECT_STREQ(content_type(Format::text), "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_STREQ(content_type(Format::openmetrics),
                 "application/openmetrics-text; version=1.0.0; charset=utf-8");
}

// ---------------------------------------------------------------- life cycle

TEST(MetricsRegistry, UnregisterThenRedeclare) {
    Registry r;
    ASSERT_EQ(r.declare(desc("m", Type::counter, {"k"})), "");
    ASSERT_EQ(r.add("m", 5, {"a"}), "");
    EXPECT_TRUE(r.has("m"));
    EXPECT_TRUE(r.unregister("m"));
    EXPECT_FALSE(r.has("m"));
    EXPECT_FALSE(r.unregister("m"));
    EXPECT_TRUE(Contains(r.add("m", 1, {"a"}), "unknown collector"));
    EXPECT_EQ(r.series_count(), 0u);
    EXPECT_EQ(r.expose(Format::text), "");
    ASSERT_EQ(r.declare(desc("m", Type::gauge)), "");
    ASSERT_EQ(r.set("m", 2), "");
    EXPECT_EQ(r.expose(Format::text), "# HELP m Help.\n# TYPE m gauge\nm 2\n");
}

TEST(MetricsRegistry, ClearSeries) {
    Registry r;
    ASSERT_EQ(r.declare(desc("workers", Type::gauge, {"pid"})), "");
    ASSERT_EQ(r.declare(desc("other", Type::gauge, {"pid"})), "");
    for (const char* pid : {"10", "11", "12"}) {
        ASSERT_EQ(r.set("workers", 1, {pid}), "");
        ASSERT_EQ(r.set("other", 1, {pid}), "");
    }
    EXPECT_EQ(r.series_count(), 6u);
    r.clear_series("workers");
    r.clear_series("no_such_family"); // a no-op
    EXPECT_EQ(r.series_count(), 3u);
    EXPECT_TRUE(r.has("workers"));
    ASSERT_EQ(r.set("workers", 4, {"13"}), "");
    EXPECT_EQ(r.expose(Format::text), "# HELP other Help.\n# TYPE other gauge\n"
                                      "other{pid=\"10\"} 1\nother{pid=\"11\"} 1\nother{pid=\"12\"} 1\n"
                                      "# HELP workers Help.\n# TYPE workers gauge\nworkers{pid=\"13\"} 4\n");
}

TEST(MetricsRegistry, ClearSeriesOfAHistogramStartsItAfresh) {
    Registry r;
    ASSERT_EQ(r.declare(histogram("h", {1})), "");
    ASSERT_EQ(r.observe("h", 0.5), "");
    r.clear_series("h");
    EXPECT_EQ(r.expose(Format::text), "# HELP h Help.\n# TYPE h histogram\n");
    ASSERT_EQ(r.observe("h", 2), "");
    EXPECT_EQ(r.expose(Format::text), "# HELP h Help.\n# TYPE h histogram\n"
                                      "h_bucket{le=\"1\"} 0\nh_bucket{le=\"+Inf\"} 1\nh_sum 2\nh_count 1\n");
}

TEST(MetricsRegistry, OnScrapeRunsInOrderBeforeEachExposition) {
    Registry r;
    ASSERT_EQ(r.declare(desc("uptime", Type::gauge)), "");
    std::vector<int> calls;
    r.on_scrape([&](Registry& reg) {
        calls.push_back(1);
        EXPECT_EQ(reg.set("uptime", 10), "");
    });
    r.on_scrape([&](Registry& reg) {
        calls.push_back(2);
        EXPECT_EQ(reg.add("uptime", 5), ""); // sees the first one's value
    });
    EXPECT_EQ(r.expose(Format::text), "# HELP uptime Help.\n# TYPE uptime gauge\nuptime 15\n");
    EXPECT_EQ(r.expose(Format::openmetrics), "# TYPE uptime gauge\n# HELP uptime Help.\nuptime 15\n# EOF\n");
    EXPECT_EQ(calls, (std::vector<int>{1, 2, 1, 2}));
}

TEST(MetricsRegistry, TenThousandSeries) {
    Registry r;
    ASSERT_EQ(r.declare(desc("per_worker", Type::gauge, {"id"})), "");
    for (int i = 0; i < 10000; ++i) {
        ASSERT_EQ(r.set("per_worker", i * 0.5, {"w" + std::to_string(i)}), "");
    }
    EXPECT_EQ(r.series_count(), 10000u);
    for (Format f : {Format::text, Format::openmetrics}) {
        const std::string out = r.expose(f);
        EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), f == Format::text ? 10002 : 10003);
        EXPECT_TRUE(Contains(out, "\nper_worker{id=\"w9999\"} 4999.5\n"));
        EXPECT_TRUE(Contains(
            out, "\nper_worker{id=\"w0\"} 0\nper_worker{id=\"w1\"} 0.5\nper_worker{id=\"w10\"} 5\n"));
    }
}

} // namespace
} // namespace rr::metrics
