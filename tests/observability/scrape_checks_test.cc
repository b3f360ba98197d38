#include "tests/observability/scrape_checks.h"

#include <optional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::testing::observability {
namespace {

using ::testing::Eq;
using ::testing::Ne;

const std::set<std::string> kConnections = {"mkto", "hp"};

std::optional<std::string> Problem(const std::string& family, const std::string& label,
                                   const std::string& value) {
  return LabelValueProblem(family, label, value, kConnections);
}

TEST(LabelValueProblemTest, AcceptsDocumentedValues) {
  EXPECT_THAT(Problem("leadgw_grpc_requests_total", "method", "leadgateway.v1.LeadService/GetLead"),
              Eq(std::nullopt));
  EXPECT_THAT(Problem("leadgw_grpc_requests_total", "code", "NOT_FOUND"), Eq(std::nullopt));
  EXPECT_THAT(Problem("leadgw_upstream_rate_limited_total", "code", "606"), Eq(std::nullopt));
  EXPECT_THAT(Problem("leadgw_quota_rejections_total", "reason", "rate_window"), Eq(std::nullopt));
  EXPECT_THAT(Problem("leadgw_upstream_retries_total", "reason", "auth_refresh"), Eq(std::nullopt));
  EXPECT_THAT(Problem("leadgw_auth_token_refreshes_total", "outcome", "error"), Eq(std::nullopt));
  EXPECT_THAT(Problem("leadgw_upstream_requests_total", "endpoint", "business_cards_search"),
              Eq(std::nullopt));
  EXPECT_THAT(Problem("leadgw_records_total", "operation", "UpsertLeads"), Eq(std::nullopt));
  EXPECT_THAT(Problem("leadgw_build_info", "revision", "1234567-dirty"), Eq(std::nullopt));
  EXPECT_THAT(Problem("leadgw_build_info", "version", "0.2.0"), Eq(std::nullopt));
  EXPECT_THAT(Problem("leadgw_x_seconds", "le", "0.25"), Eq(std::nullopt));
  EXPECT_THAT(Problem("leadgw_x", "connection", "hp"), Eq(std::nullopt));
}

TEST(LabelValueProblemTest, RejectsIdsEmailsUrlsAndStrangers) {
  EXPECT_THAT(Problem("leadgw_x", "connection", "salesforce"), Ne(std::nullopt));
  EXPECT_THAT(Problem("leadgw_x", "endpoint", "318581"), Ne(std::nullopt));
  EXPECT_THAT(Problem("leadgw_x", "endpoint", "/rest/v1/leads.json"), Ne(std::nullopt));
  EXPECT_THAT(Problem("leadgw_x", "operation", "a@example.com"), Ne(std::nullopt));
  EXPECT_THAT(Problem("leadgw_grpc_requests_total", "method", "https://example.com/x"),
              Ne(std::nullopt));
  EXPECT_THAT(Problem("leadgw_upstream_rate_limited_total", "code", "OK"), Ne(std::nullopt));
  EXPECT_THAT(Problem("leadgw_grpc_requests_total", "code", "606"), Ne(std::nullopt));
  EXPECT_THAT(Problem("leadgw_upstream_retries_total", "reason", "rate_window"), Ne(std::nullopt));
  EXPECT_THAT(Problem("leadgw_upstream_requests_total", "outcome", "error"), Ne(std::nullopt));
  EXPECT_THAT(Problem("leadgw_x", "lead_id", "abc"), Ne(std::nullopt));
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
