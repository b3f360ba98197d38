#include "backends/partial_backend.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::backends {
namespace {

using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;

class OnlyDescribe : public PartialLeadBackend {
 public:
  OnlyDescribe() : PartialLeadBackend("demo", {Operation::kDescribeLeads}) {}
  absl::StatusOr<v1::DescribeLeadsResponse> DescribeLeads(
      const CallContext&, const v1::DescribeLeadsRequest&) override {
    return v1::DescribeLeadsResponse();
  }
};

TEST(PartialLeadBackendTest, ListsSupportedOperationsOnly) {
  OnlyDescribe backend;
  EXPECT_EQ(backend.backend_name(), "demo");
  EXPECT_TRUE(backend.Supports(Operation::kDescribeLeads));
  EXPECT_FALSE(backend.Supports(Operation::kMergeLeads));
  EXPECT_THAT(backend.DescribeLeads(CallContext(), v1::DescribeLeadsRequest()), IsOk());
}

TEST(PartialLeadBackendTest, UnsupportedAnswersUnimplementedNamingBackendAndRpc) {
  OnlyDescribe backend;
  absl::StatusOr<v1::MergeLeadsResponse> merged =
      backend.MergeLeads(CallContext(), v1::MergeLeadsRequest());
  ASSERT_THAT(merged, StatusIs(absl::StatusCode::kUnimplemented));
  EXPECT_EQ(merged.status().message(),
            "demo does not support leadgateway.v1.LeadService/MergeLeads");
  EXPECT_THAT(backend.SearchBusinessCards(CallContext(), v1::SearchBusinessCardsRequest()),
              StatusIs(absl::StatusCode::kUnimplemented));
}

}  // namespace
}  // namespace leadgw::backends
