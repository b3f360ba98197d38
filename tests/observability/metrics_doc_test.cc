#include "tests/observability/metrics_doc.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "tests/testing/child_process.h"

namespace leadgw::testing::observability {
namespace {

using ::leadgw::testing_util::IsOk;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

TEST(MetricsDocTest, ReadsOnlyFamilyTables) {
  auto families = ParseMetricsDoc(R"md(# Metrics

| label | values |
|---|---|
| `method` | full gRPC method |

| family | type | labels | meaning |
|---|---|---|---|
| `leadgw_a_total` | counter | method, code | a |
| `leadgw_build_info` | gauge (1) | version, revision | b |

Text between tables.

| family | type | labels | meaning |
|---|---|---|---|
| `leadgw_c_seconds` | histogram | | c |
)md");
  ASSERT_THAT(families, IsOk());
  ASSERT_EQ(families->size(), 3u);
  EXPECT_EQ((*families)[0].name, "leadgw_a_total");
  EXPECT_EQ((*families)[0].type, "counter");
  EXPECT_THAT((*families)[0].labels, ElementsAre("code", "method"));
  EXPECT_EQ((*families)[1].type, "gauge");
  EXPECT_THAT((*families)[2].labels, IsEmpty());
}

TEST(MetricsDocTest, RejectsBrokenTables) {
  const char* kHeader = "| family | type | labels | meaning |\n|---|---|---|---|\n";
  EXPECT_THAT(ParseMetricsDoc("no tables"), Not(IsOk()));
  EXPECT_THAT(ParseMetricsDoc(std::string(kHeader) + "| leadgw_a | counter | x | m |\n"),
              Not(IsOk()));
  EXPECT_THAT(ParseMetricsDoc(std::string(kHeader) + "| `leadgw_a` | counter |\n"), Not(IsOk()));
  EXPECT_THAT(ParseMetricsDoc(std::string(kHeader) + "| `a` | counter | x | m |\n" +
                              "| `a` | counter | x | m |\n"),
              Not(IsOk()));
}

// The real contract parses: the e2e tests depend on it.
TEST(MetricsDocTest, TheRealDocumentParses) {
  auto families = ParseMetricsDoc(ReadWholeFile(Runfile("docs/metrics.md")));
  ASSERT_THAT(families, IsOk());
  EXPECT_GE(families->size(), 20u);
  for (const DocumentedFamily& family : *families) {
    EXPECT_THAT(family.type, ::testing::AnyOf("counter", "gauge", "histogram")) << family.name;
  }
}

}  // namespace
}  // namespace leadgw::testing::observability
