#include "backends/partial_backend.h"

#include "gtest/gtest.h"

namespace leadgw::backends {
namespace {

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
  EXPECT_TRUE(backend.DescribeLeads(CallContext(), v1::DescribeLeadsRequest()).ok());
}

TEST(PartialLeadBackendTest, UnsupportedAnswersUnimplementedNamingBackendAndRpc) {
  OnlyDescribe backend;
  absl::StatusOr<v1::MergeLeadsResponse> merged =
      backend.MergeLeads(CallContext(), v1::MergeLeadsRequest());
  ASSERT_EQ(merged.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(merged.status().message(),
            "demo does not support leadgateway.v1.LeadService/MergeLeads");
  EXPECT_EQ(backend.SearchBusinessCards(CallContext(), v1::SearchBusinessCardsRequest())
                .status()
                .code(),
            absl::StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace leadgw::backends
