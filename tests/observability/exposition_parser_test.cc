#include "tests/observability/exposition_parser.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::testing::observability {
namespace {

using ::leadgw::testing_util::IsOk;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ExpositionParserTest, ReadsFamiliesSamplesLabelsAndEscapes) {
  auto families = ParseExposition(
      "# HELP leadgw_requests_total Requests, \\\\ and \\n escaped.\n"
      "# TYPE leadgw_requests_total counter\n"
      "leadgw_requests_total{code=\"OK\",method=\"a/b\"} 3\n"
      "leadgw_requests_total{code=\"say \\\"hi\\\"\\n\",method=\"a\\\\b\"} 1.5e1\n"
      "# HELP leadgw_wait_seconds Waits.\n"
      "# TYPE leadgw_wait_seconds histogram\n"
      "leadgw_wait_seconds_bucket{priority=\"bulk\",le=\"+Inf\"} 2\n"
      "leadgw_wait_seconds_sum{priority=\"bulk\"} 0.75\n"
      "# TYPE leadgw_empty gauge\n"
      "# TYPE leadgw_g gauge\n"
      "leadgw_g -Inf\n");
  ASSERT_THAT(families, IsOk());
  ASSERT_EQ(families->size(), 4u);
  const ScrapedFamily& requests = families->at("leadgw_requests_total");
  EXPECT_EQ(requests.help, "Requests, \\ and \n escaped.");
  EXPECT_EQ(requests.type, "counter");
  ASSERT_EQ(requests.samples.size(), 2u);
  EXPECT_EQ(requests.samples[0].labels.at("method"), "a/b");
  EXPECT_EQ(requests.samples[1].labels.at("code"), "say \"hi\"\n");
  EXPECT_EQ(requests.samples[1].labels.at("method"), "a\\b");
  EXPECT_EQ(requests.samples[1].value, 15);
  const ScrapedFamily& wait = families->at("leadgw_wait_seconds");
  ASSERT_EQ(wait.samples.size(), 2u);
  EXPECT_EQ(wait.samples[0].labels.at("le"), "+Inf");
  EXPECT_EQ(wait.samples[0].value, 2);
  EXPECT_TRUE(std::isinf(families->at("leadgw_g").samples[0].value));
  EXPECT_THAT(FamilyLabelNames(wait.samples[0]), ElementsAre("priority"));
  EXPECT_THAT(FamilyLabelNames(wait.samples[1]), ElementsAre("priority"));
  const ScrapedFamily& empty = families->at("leadgw_empty");
  EXPECT_FALSE(empty.has_help);
  EXPECT_TRUE(empty.samples.empty());
}

// Writers differ: the Go client writes "NaN" and buckets first, prometheus-cpp "Nan" and
// _count/_sum first. Both read alike.
TEST(ExpositionParserTest, AcceptsEitherWritersSpellingAndOrder) {
  for (const char* text : {"# TYPE g gauge\ng{k=\"a\"} NaN\ng{k=\"b\"} +Inf\n"
                           "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 2\nh_count 1\n",
                           "# TYPE g gauge\ng{k=\"a\"} Nan\ng{k=\"b\"} +inf\n"
                           "# TYPE h histogram\nh_count 1\nh_sum 2\nh_bucket{le=\"+Inf\"} 1\n"}) {
    SCOPED_TRACE(text);
    auto families = ParseExposition(text);
    ASSERT_THAT(families, IsOk());
    EXPECT_TRUE(std::isnan(families->at("g").samples[0].value));
    EXPECT_TRUE(std::isinf(families->at("g").samples[1].value));
    EXPECT_EQ(families->at("h").samples.size(), 3u);
  }
}

TEST(ExpositionParserTest, RejectsWhatTheFormatForbids) {
  // A sample whose family no HELP/TYPE line announced; the error names the line.
  auto families = ParseExposition("# TYPE a gauge\na 1\nb 1\n");
  ASSERT_THAT(families, Not(IsOk()));
  EXPECT_THAT(std::string(families.status().message()), HasSubstr("line 3"));
  for (const char* text : {
           "# TYPE a counter\na{x=\"1\"} 1\na{x=\"1\"} 2\n",  // duplicate series
           "# TYPE a counter\n# TYPE a counter\n",            // second TYPE
           "# TYPE a counter\na{x=1} 1\n",                    // unquoted value
           "# TYPE a counter\na{x=\"1\" 1\n",                 // unterminated label set
           "# TYPE a counter\na{x=\"1\",x=\"2\"} 1\n",        // repeated label
           "# TYPE a counter\na one\n",                       // malformed value
           "# TYPE a counter\na_bucket{le=\"1\"} 1\n",        // bucket of a counter
           "# TYPE a gauge\na{x=\"\\q\"} 1\n",                // unknown escape
       }) {
    EXPECT_THAT(ParseExposition(text), Not(IsOk())) << text;
  }
}

}  // namespace
}  // namespace leadgw::testing::observability
