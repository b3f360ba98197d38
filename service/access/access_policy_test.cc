#include "service/access/access_policy.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace leadgw::service::access {
namespace {

using ::leadgateway::config::v1::AccessConfig;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

const std::vector<std::string> kConnections = {"marketo-prod", "hotprofile-prod"};

AccessConfig Parse(std::string text) {
  AccessConfig config;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &config)) << text;
  return config;
}

AccessConfig TwoCallers() {
  return Parse(R"pb(
    callers {
      name: "crm-sync"
      spiffe_ids: "spiffe://cluster.local/ns/crm/sa/crm-sync"
      grants { connections: "marketo-prod" operations: "read" operations: "write" }
    }
    callers {
      name: "admin"
      dns_names: "admin.tools.svc"
      # printf %s interactive-token | sha256sum
      token_sha256: "fd0e9cd416c210e78ebfba1df5dc3752b4f59c9763d9f05a59fb64501aaf5878"
      grants { connections: "*" operations: "read" operations: "write" operations: "delete" operations: "schema" }
    }
  )pb");
}

TEST(AccessPolicyTest, NoCallersMeansOff) {
  auto policy = AccessPolicy::FromConfig(AccessConfig(), kConnections);
  ASSERT_THAT(policy, IsOk());
  EXPECT_FALSE(policy->enabled());
}

TEST(AccessPolicyTest, CertificateSansIdentifyTheirCaller) {
  auto policy = AccessPolicy::FromConfig(TwoCallers(), kConnections);
  ASSERT_THAT(policy, IsOk());
  ASSERT_TRUE(policy->enabled());
  Credentials by_spiffe;
  by_spiffe.certificate_uris = {"spiffe://cluster.local/ns/crm/sa/crm-sync"};
  auto caller = policy->Identify(by_spiffe);
  ASSERT_THAT(caller, IsOk());
  EXPECT_EQ((*caller)->name, "crm-sync");
  Credentials by_dns;
  by_dns.certificate_dns = {"other.example", "admin.tools.svc"};
  caller = policy->Identify(by_dns);
  ASSERT_THAT(caller, IsOk());
  EXPECT_EQ((*caller)->name, "admin");
}

TEST(AccessPolicyTest, UnknownOrMissingIdentityIsUnauthenticated) {
  auto policy = AccessPolicy::FromConfig(TwoCallers(), kConnections);
  ASSERT_THAT(policy, IsOk());
  EXPECT_THAT(policy->Identify(Credentials()),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("no caller identity")));
  Credentials stranger;
  stranger.certificate_uris = {"spiffe://cluster.local/ns/x/sa/stranger"};
  EXPECT_THAT(policy->Identify(stranger),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("client certificate")));
  Credentials wrong_token;
  wrong_token.bearer_token = "guess-1234";
  auto refused = policy->Identify(wrong_token);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("bearer token")));
  EXPECT_THAT(refused.status().message(), Not(HasSubstr("guess-1234")));
}

TEST(AccessPolicyTest, ABearerTokenIsKnownByItsHash) {
  auto policy = AccessPolicy::FromConfig(TwoCallers(), kConnections);
  ASSERT_THAT(policy, IsOk());
  Credentials credentials;
  credentials.bearer_token = "interactive-token";
  auto caller = policy->Identify(credentials);
  ASSERT_THAT(caller, IsOk());
  EXPECT_EQ((*caller)->name, "admin");
  credentials.bearer_token = "interactive-token ";
  EXPECT_THAT(policy->Identify(credentials), StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST(AccessPolicyTest, GrantsAllowTheirClassesOnTheirConnectionsOnly) {
  auto policy = AccessPolicy::FromConfig(TwoCallers(), kConnections);
  ASSERT_THAT(policy, IsOk());
  const CallerRule& crm = policy->callers()[0];
  const CallerRule& admin = policy->callers()[1];
  EXPECT_THAT(policy->Authorize(crm, Permission::kRead, "marketo-prod"), IsOk());
  EXPECT_THAT(policy->Authorize(crm, Permission::kWrite, "marketo-prod"), IsOk());
  EXPECT_THAT(policy->Authorize(crm, Permission::kDelete, "marketo-prod"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("caller crm-sync lacks the delete permission on connection "
                                 "marketo-prod")));
  EXPECT_THAT(policy->Authorize(crm, Permission::kRead, "hotprofile-prod"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  for (Permission permission :
       {Permission::kRead, Permission::kWrite, Permission::kDelete, Permission::kSchema}) {
    EXPECT_THAT(policy->Authorize(admin, permission, "hotprofile-prod"), IsOk());
  }
}

TEST(AccessPolicyTest, OperationsMapToTheirClass) {
  using backends::Operation;
  EXPECT_EQ(PermissionFor(Operation::kGetLead), Permission::kRead);
  EXPECT_EQ(PermissionFor(Operation::kSearchBusinessCards), Permission::kRead);
  // Leaving a list does not delete a lead: membership changes are writes.
  EXPECT_EQ(PermissionFor(Operation::kAddStaticListMembers), Permission::kWrite);
  EXPECT_EQ(PermissionFor(Operation::kRemoveStaticListMembers), Permission::kWrite);
  EXPECT_EQ(PermissionFor(Operation::kSetProgramMemberStatus), Permission::kWrite);
  EXPECT_EQ(PermissionFor(Operation::kCheckStaticListMembership), Permission::kRead);
  EXPECT_EQ(PermissionFor(Operation::kUpsertLeads), Permission::kWrite);
  EXPECT_EQ(PermissionFor(Operation::kPushLeads), Permission::kWrite);
  EXPECT_EQ(PermissionFor(Operation::kDeleteLeads), Permission::kDelete);
  EXPECT_EQ(PermissionFor(Operation::kMergeLeads), Permission::kDelete);
  EXPECT_EQ(PermissionFor(Operation::kCreateLeadFields), Permission::kSchema);
  EXPECT_EQ(PermissionFor(Operation::kUpdateLeadField), Permission::kSchema);
  EXPECT_EQ(PermissionFor(Operation::kListLeadFields), Permission::kRead);
}

TEST(AccessPolicyTest, BadConfigNamesTheKey) {
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& bad : std::vector<Case>{
           {R"pb(callers { name: "Bad Name" dns_names: "a" })pb",
            "access.callers[0].name: 1-40 of a-z"},
           {R"pb(callers { name: "a" })pb",
            "access.callers[0]: needs spiffe_ids, dns_names or token_sha256"},
           {R"pb(callers { name: "a" token_sha256: "ABC" })pb",
            "access.callers[0].token_sha256[0]: 64 lower-case hex digits"},
           {R"pb(callers { name: "a" dns_names: "a" grants { operations: "read" } })pb",
            "access.callers[0].grants[0].connections: at least one"},
           {R"pb(callers {
                   name: "a"
                   dns_names: "a"
                   grants { connections: "nope" operations: "read" }
                 })pb",
            "access.callers[0].grants[0].connections[0]: no connection is named \"nope\""},
           {R"pb(callers {
                   name: "a"
                   dns_names: "a"
                   grants { connections: "*" operations: "read" operations: "remove" }
                 })pb",
            "access.callers[0].grants[0].operations[1]: unknown operation class \"remove\""},
           {R"pb(callers { name: "a" dns_names: "a" }
                 callers { name: "a" dns_names: "b" })pb",
            "access.callers[1].name: \"a\" is declared twice"},
       }) {
    EXPECT_THAT(AccessPolicy::FromConfig(Parse(bad.text), kConnections),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(bad.message)))
        << bad.text;
  }
}

}  // namespace
}  // namespace leadgw::service::access
