#include "metrics/text_serializer.h"

#include <cmath>
#include <limits>
#include <vector>

#include "gtest/gtest.h"

namespace leadgw::metrics {
namespace {

using metrics_internal::EscapeHelp;
using metrics_internal::EscapeLabelValue;
using metrics_internal::FormatValue;

TEST(FormatValueTest, SpecialValues) {
  EXPECT_EQ(FormatValue(std::nan("")), "NaN");
  EXPECT_EQ(FormatValue(INFINITY), "+Inf");
  EXPECT_EQ(FormatValue(-INFINITY), "-Inf");
}

TEST(FormatValueTest, WholeNumbersHaveNoExponentOrPoint) {
  EXPECT_EQ(FormatValue(0), "0");
  EXPECT_EQ(FormatValue(-0.0), "0");
  EXPECT_EQ(FormatValue(42), "42");
  EXPECT_EQ(FormatValue(-7), "-7");
  EXPECT_EQ(FormatValue(1e15), "1000000000000000");
  EXPECT_EQ(FormatValue(9007199254740993.0), "9007199254740992");  // nearest double
  EXPECT_EQ(FormatValue(1e18), "1000000000000000000");
}

TEST(FormatValueTest, FractionsAreShortestRoundTrip) {
  EXPECT_EQ(FormatValue(0.1), "0.1");
  EXPECT_EQ(FormatValue(2.5), "2.5");
  EXPECT_EQ(FormatValue(-0.25), "-0.25");
  EXPECT_EQ(FormatValue(0.0001), "0.0001");
  EXPECT_EQ(FormatValue(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatValue(0.00005), "5e-05");
  EXPECT_EQ(FormatValue(1.5e-7), "1.5e-07");
  EXPECT_EQ(FormatValue(123456.5), "123456.5");
  EXPECT_EQ(FormatValue(1234567.5), "1.2345675e+06");  // as Go's FormatFloat(v, 'g', -1)
  EXPECT_EQ(FormatValue(1e20), "1e+20");               // beyond int64: exponent form
  EXPECT_EQ(FormatValue(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
}

TEST(EscapeTest, LabelValues) {
  EXPECT_EQ(EscapeLabelValue("plain"), "plain");
  EXPECT_EQ(EscapeLabelValue("a\\b"), "a\\\\b");
  EXPECT_EQ(EscapeLabelValue("say \"x\""), "say \\\"x\\\"");
  EXPECT_EQ(EscapeLabelValue("l1\nl2"), "l1\\nl2");
  EXPECT_EQ(EscapeLabelValue("tab\tutf8 ü"), "tab\tutf8 ü");
}

TEST(EscapeTest, HelpKeepsQuotes) {
  EXPECT_EQ(EscapeHelp("a \"b\" \\ c\nd"), "a \"b\" \\\\ c\\nd");
}

TEST(SerializeTextFormatTest, Empty) { EXPECT_EQ(SerializeTextFormat({}), ""); }

TEST(SerializeTextFormatTest, UnlabelledSamplesAndSpecialValues) {
  FamilySnapshot gauge{"temperature", "Temp.", MetricType::kGauge, {}};
  gauge.series.push_back(SeriesSnapshot{{{"kind", "nan"}}, std::nan(""), {}});
  gauge.series.push_back(SeriesSnapshot{{{"kind", "neg"}}, -INFINITY, {}});
  FamilySnapshot counter{"events_total", "Events.", MetricType::kCounter, {}};
  counter.series.push_back(SeriesSnapshot{{}, 12, {}});
  EXPECT_EQ(SerializeTextFormat({gauge, counter}),
            "# HELP temperature Temp.\n"
            "# TYPE temperature gauge\n"
            "temperature{kind=\"nan\"} NaN\n"
            "temperature{kind=\"neg\"} -Inf\n"
            "# HELP events_total Events.\n"
            "# TYPE events_total counter\n"
            "events_total 12\n");
}

TEST(SerializeTextFormatTest, HistogramWithoutLabels) {
  FamilySnapshot family{"size_bytes", "Sizes.", MetricType::kHistogram, {}};
  SeriesSnapshot series;
  series.histogram = HistogramSnapshot{{100, 1e4}, {1, 1, 4}, 30500.5, 4};
  family.series.push_back(series);
  EXPECT_EQ(SerializeTextFormat({family}),
            "# HELP size_bytes Sizes.\n"
            "# TYPE size_bytes histogram\n"
            "size_bytes_bucket{le=\"100\"} 1\n"
            "size_bytes_bucket{le=\"10000\"} 1\n"
            "size_bytes_bucket{le=\"+Inf\"} 4\n"
            "size_bytes_sum 30500.5\n"
            "size_bytes_count 4\n");
}

TEST(SerializeTextFormatTest, HistogramLeFollowsOtherLabels) {
  FamilySnapshot family{"rpc_seconds", "RPC.", MetricType::kHistogram, {}};
  SeriesSnapshot series;
  series.labels = {{"backend", "acme"}, {"method", "q\"\\"}};
  series.histogram = HistogramSnapshot{{0.00025}, {0, 0}, 0, 0};
  family.series.push_back(series);
  EXPECT_EQ(SerializeTextFormat({family}),
            "# HELP rpc_seconds RPC.\n"
            "# TYPE rpc_seconds histogram\n"
            "rpc_seconds_bucket{backend=\"acme\",method=\"q\\\"\\\\\",le=\"0.00025\"} 0\n"
            "rpc_seconds_bucket{backend=\"acme\",method=\"q\\\"\\\\\",le=\"+Inf\"} 0\n"
            "rpc_seconds_sum{backend=\"acme\",method=\"q\\\"\\\\\"} 0\n"
            "rpc_seconds_count{backend=\"acme\",method=\"q\\\"\\\\\"} 0\n");
}

}  // namespace
}  // namespace leadgw::metrics
