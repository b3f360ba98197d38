#include "tests/observability/scrape_checks.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::testing::observability {
namespace {

using ::testing::IsEmpty;
using ::testing::Not;

const std::set<std::string> kConnections = {"mkto", "hp"};

std::string Problem(const std::string& family, const std::string& label, const std::string& value) {
  return LabelValueProblem(family, label, value, kConnections);
}

TEST(LabelValueProblemTest, AcceptsDocumentedValues) {
  EXPECT_THAT(Problem("leadgw_grpc_requests_total", "method", "leadgateway.v1.LeadService/GetLead"),
              IsEmpty());
  EXPECT_THAT(Problem("leadgw_grpc_requests_total", "code", "NOT_FOUND"), IsEmpty());
  EXPECT_THAT(Problem("leadgw_upstream_rate_limited_total", "code", "606"), IsEmpty());
  EXPECT_THAT(Problem("leadgw_quota_rejections_total", "reason", "rate_window"), IsEmpty());
  EXPECT_THAT(Problem("leadgw_upstream_retries_total", "reason", "auth_refresh"), IsEmpty());
  EXPECT_THAT(Problem("leadgw_auth_token_refreshes_total", "outcome", "error"), IsEmpty());
  EXPECT_THAT(Problem("leadgw_upstream_requests_total", "endpoint", "business_cards_search"),
              IsEmpty());
  EXPECT_THAT(Problem("leadgw_records_total", "operation", "UpsertLeads"), IsEmpty());
  EXPECT_THAT(Problem("leadgw_build_info", "revision", "1234567-dirty"), IsEmpty());
  EXPECT_THAT(Problem("leadgw_build_info", "version", "0.2.0"), IsEmpty());
  EXPECT_THAT(Problem("leadgw_x_seconds", "le", "0.25"), IsEmpty());
  EXPECT_THAT(Problem("leadgw_x", "connection", "hp"), IsEmpty());
}

TEST(LabelValueProblemTest, RejectsIdsEmailsUrlsAndStrangers) {
  EXPECT_THAT(Problem("leadgw_x", "connection", "salesforce"), Not(IsEmpty()));
  EXPECT_THAT(Problem("leadgw_x", "endpoint", "318581"), Not(IsEmpty()));
  EXPECT_THAT(Problem("leadgw_x", "endpoint", "/rest/v1/leads.json"), Not(IsEmpty()));
  EXPECT_THAT(Problem("leadgw_x", "operation", "a@example.com"), Not(IsEmpty()));
  EXPECT_THAT(Problem("leadgw_grpc_requests_total", "method", "https://example.com/x"),
              Not(IsEmpty()));
  EXPECT_THAT(Problem("leadgw_upstream_rate_limited_total", "code", "OK"), Not(IsEmpty()));
  EXPECT_THAT(Problem("leadgw_grpc_requests_total", "code", "606"), Not(IsEmpty()));
  EXPECT_THAT(Problem("leadgw_upstream_retries_total", "reason", "rate_window"), Not(IsEmpty()));
  EXPECT_THAT(Problem("leadgw_upstream_requests_total", "outcome", "error"), Not(IsEmpty()));
  EXPECT_THAT(Problem("leadgw_x", "lead_id", "abc"), Not(IsEmpty()));
}

TEST(SeriesIndexTest, FindsAndSumsByLabelSubset) {
  std::map<std::string, ScrapedFamily> families;
  ScrapedFamily& family = families["leadgw_a_total"];
  family.samples.push_back({"leadgw_a_total", {{"c", "x"}, {"o", "ok"}}, 2});
  family.samples.push_back({"leadgw_a_total", {{"c", "x"}, {"o", "error"}}, 3});
  family.samples.push_back({"leadgw_a_total", {{"c", "y"}, {"o", "ok"}}, 5});
  const SeriesIndex index(families);
  EXPECT_EQ(index.Sum("leadgw_a_total", {{"c", "x"}}), 5);
  EXPECT_EQ(index.Sum("leadgw_a_total", {{"o", "ok"}}), 7);
  EXPECT_EQ(index.Sum("leadgw_a_total", {{"c", "z"}}), -1);
  EXPECT_EQ(index.Sum("leadgw_b_total", {}), -1);
  EXPECT_EQ(index.Find("leadgw_a_total", "leadgw_a_total", {}).size(), 3u);
}

}  // namespace
}  // namespace leadgw::testing::observability
