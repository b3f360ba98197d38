#include "backends/operation.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace leadgw::backends {
namespace {

TEST(OperationTest, TableIsInEnumOrderWithUniqueNames) {
  std::set<std::string> names;
  std::set<std::string> rpcs;
  for (size_t i = 0; i < AllOperations().size(); ++i) {
    const OperationInfo& info = AllOperations()[i];
    EXPECT_EQ(static_cast<size_t>(info.operation), i) << info.name;
    EXPECT_TRUE(names.insert(std::string(info.name)).second) << info.name;
    EXPECT_TRUE(rpcs.insert(std::string(info.rpc)).second) << info.rpc;
    EXPECT_EQ(info.rpc.rfind("leadgateway.v1.", 0), 0u) << info.rpc;
  }
}

TEST(OperationTest, InfoFindsEntries) {
  EXPECT_EQ(Info(Operation::kUpsertLeads).name, "upsert_leads");
  EXPECT_EQ(Info(Operation::kQueryLeads).stream_rpc, "leadgateway.v1.LeadService/StreamLeads");
  EXPECT_TRUE(Info(Operation::kMergeLeads).stream_rpc.empty());
}

TEST(OperationTest, WritesAreTheOperationsThatChangeState) {
  EXPECT_TRUE(IsWrite(Operation::kUpsertLeads));
  EXPECT_TRUE(IsWrite(Operation::kSubmitForm));
  EXPECT_TRUE(IsWrite(Operation::kCreateBusinessCards));
  EXPECT_FALSE(IsWrite(Operation::kGetLead));
  EXPECT_FALSE(IsWrite(Operation::kQueryLeads));
  EXPECT_FALSE(IsWrite(Operation::kSearchCompanies));
  EXPECT_TRUE(IsWrite(Operation::kAddStaticListMembers));
  EXPECT_TRUE(IsWrite(Operation::kSetProgramMemberStatus));
  EXPECT_FALSE(IsWrite(Operation::kCheckStaticListMembership));
  int writes = 0;
  for (const OperationInfo& info : AllOperations()) writes += IsWrite(info.operation) ? 1 : 0;
  EXPECT_EQ(writes, 16);
}

}  // namespace
}  // namespace leadgw::backends
