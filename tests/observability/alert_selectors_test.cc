#include "tests/observability/alert_selectors.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::testing::observability {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kRules[] = R"(groups:
  - name: g
    rules:
      - alert: Down
        expr: up{job=~".*gw.*"} == 0
        for: 2m
      - alert: RateLimited
        expr: |
          sum by (namespace, job, connection, code) (
            increase(leadgw_rate_limited_total[10m])
          ) > 0
        for: 1m
        annotations:
          summary: "leadgw_not_an_expr{x=\"1\"}"
      - alert: Errors
        expr: |
          sum by (method) (rate(leadgw_requests_total{code=~"INTERNAL|UNAVAILABLE",method!="x"}[5m]))
            / sum by (method) (rate(leadgw_requests_total[5m])) > 0.05
        for: 10m
)";

TEST(AlertSelectorsTest, ReadsSelectorsMatchersAndGroupingOfEachExpr) {
  absl::StatusOr<std::vector<AlertSelector>> selectors = ReadAlertSelectors(kRules, "leadgw_");
  ASSERT_THAT(selectors, IsOk());
  ASSERT_THAT(*selectors, SizeIs(3));

  const AlertSelector& rate_limited = (*selectors)[0];
  EXPECT_EQ(rate_limited.alert, "RateLimited");
  EXPECT_EQ(rate_limited.family, "leadgw_rate_limited_total");
  EXPECT_THAT(rate_limited.matched_values, IsEmpty());
  EXPECT_THAT(rate_limited.grouped_by, ElementsAre("code", "connection", "job", "namespace"));

  const AlertSelector& errors = (*selectors)[1];
  EXPECT_EQ(errors.alert, "Errors");
  EXPECT_EQ(errors.family, "leadgw_requests_total");
  ASSERT_EQ(errors.matched_values.count("code"), 1u);
  EXPECT_THAT(errors.matched_values.at("code"), ElementsAre("INTERNAL", "UNAVAILABLE"));
  EXPECT_EQ(errors.matched_values.count("method"), 0u);  // negative matcher
  EXPECT_THAT(errors.grouped_by, ElementsAre("method"));
  EXPECT_THAT((*selectors)[2].matched_values, IsEmpty());
}

TEST(AlertSelectorsTest, RefusesRegexWhoseValuesCannotBeListed) {
  EXPECT_THAT(ReadAlertSelectors(R"(- alert: A
  expr: rate(leadgw_x_total{code=~"5.."}[5m]) > 0
)",
                                 "leadgw_"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace leadgw::testing::observability
