// MarketoBackend reads, memberships, the field schema and partitions, against the
// in-process emulator.
#include "backends/marketo/marketo_backend.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "backends/marketo/testing/emulated_backend.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "testing/test_context.h"
#include "upstream/upstream_error.h"

namespace leadgw::backends::marketo {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::leadgw::testing_util::TestContext;
using testing::EmulatedBackendTest;

constexpr int kFirstDemoId = 318581;

class MarketoBackendReadTest : public EmulatedBackendTest {
 protected:
  void SetUp() override { Start(); }

  // `n` id filter values starting at the first demo lead (40 of them exist).
  v1::QueryLeadsRequest IdQuery(int n) {
    v1::QueryLeadsRequest request;
    request.set_filter_field("id");
    for (int i = 0; i < n; ++i) request.add_filter_values(absl::StrCat(kFirstDemoId + i));
    return request;
  }
};

TEST_F(MarketoBackendReadTest, SupportsEveryLeadFieldMembershipAndPartitionOperation) {
  EXPECT_TRUE(backend().Supports(Operation::kUpsertLeads));
  EXPECT_TRUE(backend().Supports(Operation::kListLeadSmartCampaigns));
  EXPECT_TRUE(backend().Supports(Operation::kAddStaticListMembers));
  EXPECT_TRUE(backend().Supports(Operation::kSetProgramMemberStatus));
  EXPECT_TRUE(backend().Supports(Operation::kUpdateLeadField));
  EXPECT_FALSE(backend().Supports(Operation::kCreateCompanies));
  EXPECT_THAT(backend().CreateBusinessCards(TestContext(), {}),
              StatusIs(absl::StatusCode::kUnimplemented));
}

TEST_F(MarketoBackendReadTest, MembershipWritesSplitAt300IdsAndKeepInputOrder) {
  v1::StaticListMembersRequest request;
  request.set_list_id("1003");
  // 40 demo leads, then unknown ones: 301 ids take two calls.
  for (int i = 0; i < 301; ++i) request.add_lead_ids(absl::StrCat(kFirstDemoId + i));
  absl::StatusOr<v1::WriteResponse> added = backend().AddStaticListMembers(TestContext(), request);
  ASSERT_THAT(added, IsOk());
  ASSERT_EQ(added->results_size(), 301);
  EXPECT_EQ(Calls("add_leads_to_list"), 2);
  EXPECT_EQ(added->results(0).status(), v1::RECORD_STATUS_CREATED);
  EXPECT_EQ(added->results(300).index(), 300);
  EXPECT_EQ(added->results(300).id(), absl::StrCat(kFirstDemoId + 300));
  EXPECT_EQ(added->results(300).status(), v1::RECORD_STATUS_SKIPPED);

  absl::StatusOr<v1::CheckStaticListMembershipResponse> checks =
      backend().CheckStaticListMembership(TestContext(), request);
  ASSERT_THAT(checks, IsOk());
  ASSERT_EQ(checks->checks_size(), 301);
  EXPECT_EQ(Calls("is_member_of_list"), 2);
  EXPECT_EQ(checks->checks(39).state(), v1::LIST_MEMBERSHIP_STATE_MEMBER);
  EXPECT_EQ(checks->checks(300).state(), v1::LIST_MEMBERSHIP_STATE_SKIPPED);

  request.set_list_id("4242");
  EXPECT_THAT(backend().RemoveStaticListMembers(TestContext(), request),
              StatusIs(absl::StatusCode::kNotFound, ::testing::HasSubstr("static list 4242")));
  EXPECT_EQ(Calls("remove_leads_from_list"), 1);  // the first call's 1013 stops the rest
}

TEST_F(MarketoBackendReadTest, DescribeIsCachedForItsTtl) {
  absl::Time now = absl::Now();
  MarketoBackendOptions options;
  options.now = [&now] { return now; };
  std::unique_ptr<MarketoBackend> backend = MakeBackend(options);
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<v1::DescribeLeadsResponse> fields = backend->DescribeLeads(TestContext(), {});
    ASSERT_THAT(fields, IsOk());
    ASSERT_GT(fields->fields_size(), 10);
  }
  EXPECT_EQ(Calls("describe_leads2"), 1);
  now += absl::Hours(1);
  ASSERT_THAT(backend->DescribeLeads(TestContext(), {}), IsOk());
  EXPECT_EQ(Calls("describe_leads2"), 2);
  EXPECT_EQ(Calls("describe_leads"), 0);
}

// The field's searchable flag comes from describe2's searchableFields where it is served,
// and from the standard filterTypes on describe.json where it is not.
TEST_F(MarketoBackendReadTest, DescribeReadsSearchableFromDescribe2ElseFallsBack) {
  auto searchable = [&](MarketoBackend& backend) {
    absl::StatusOr<v1::DescribeLeadsResponse> response = backend.DescribeLeads(TestContext(), {});
    EXPECT_THAT(response, IsOk());
    std::map<std::string, bool> out;
    if (response.ok()) {
      for (const v1::LeadField& field : response->fields()) out[field.name()] = field.searchable();
    }
    return out;
  };
  std::map<std::string, bool> fields = searchable(backend());
  EXPECT_TRUE(fields.at("email"));
  EXPECT_TRUE(fields.at("accountCode"));  // a custom searchable field
  EXPECT_FALSE(fields.at("firstName"));
  EXPECT_EQ(Calls("describe_leads"), 0);

  emulators::marketo::MarketoEmulatorOptions without_describe2;
  without_describe2.describe2 = false;
  Start(without_describe2);
  fields = searchable(backend());
  EXPECT_EQ(Calls("unknown"), 1);  // describe2, answered 610
  EXPECT_EQ(Calls("describe_leads"), 1);
  EXPECT_TRUE(fields.at("email"));
  EXPECT_FALSE(fields.at("accountCode"));
}

TEST_F(MarketoBackendReadTest, DescribeMapsNeutralNames) {
  absl::StatusOr<v1::DescribeLeadsResponse> response = backend().DescribeLeads(TestContext(), {});
  ASSERT_THAT(response, IsOk());
  bool saw_first_name = false;
  for (const v1::LeadField& field : response->fields()) {
    if (field.name() == "firstName") {
      saw_first_name = true;
      EXPECT_EQ(field.neutral_name(), "first_name");
    }
  }
  EXPECT_TRUE(saw_first_name);
}

TEST_F(MarketoBackendReadTest, GetLeadWithDefaultAndChosenFields) {
  v1::GetLeadRequest request;
  request.set_id(absl::StrCat(kFirstDemoId));
  absl::StatusOr<v1::Lead> lead = backend().GetLead(TestContext(), request);
  ASSERT_THAT(lead, IsOk());
  EXPECT_EQ(lead->id(), "318581");
  EXPECT_TRUE(lead->has_email());
  EXPECT_TRUE(lead->has_created_at());
  EXPECT_FALSE(lead->has_company());  // not a default field

  request.add_fields("company");
  lead = backend().GetLead(TestContext(), request);
  ASSERT_THAT(lead, IsOk());
  EXPECT_TRUE(lead->has_company());
  EXPECT_FALSE(lead->has_email());

  request.set_id("999999999");
  EXPECT_THAT(backend().GetLead(TestContext(), request), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(MarketoBackendReadTest, FourHundredFiftyValuesTakeTwoCallsInOrder) {
  absl::StatusOr<v1::QueryLeadsResponse> page = backend().QueryLeads(TestContext(), IdQuery(450));
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(Calls("get_leads_by_filter"), 2);
  ASSERT_EQ(page->leads_size(), 40);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(page->leads(i).id(), absl::StrCat(kFirstDemoId + i));
  EXPECT_EQ(page->next_page_token(), "");
}

TEST_F(MarketoBackendReadTest, PagingWalksAcrossTheChunks) {
  // 420 more leads (ids follow the demo's): 300 matches in chunk 0, 150 in chunk 1.
  for (int i = 0; i < 420; ++i) emulator().store().InsertLead({}, 1);
  v1::QueryLeadsRequest request = IdQuery(450);
  request.set_page_size(100);
  std::vector<std::string> ids;
  int pages = 0;
  for (; pages < 20; ++pages) {
    absl::StatusOr<v1::QueryLeadsResponse> answer = backend().QueryLeads(TestContext(), request);
    ASSERT_THAT(answer, IsOk());
    EXPECT_LE(answer->leads_size(), 100);
    for (const v1::Lead& lead : answer->leads()) ids.push_back(lead.id());
    if (answer->next_page_token().empty()) break;
    request.set_page_token(answer->next_page_token());
  }
  ASSERT_EQ(ids.size(), 450u);
  for (int i = 0; i < 450; ++i) ASSERT_EQ(ids[i], absl::StrCat(kFirstDemoId + i));
  EXPECT_EQ(pages + 1, 5);
  EXPECT_EQ(Calls("get_leads_by_filter"), 5);  // 3 pages of chunk 0, 2 of chunk 1
}

TEST_F(MarketoBackendReadTest, LongFilterIsSentAsPostWithoutA414) {
  v1::QueryLeadsRequest request;
  request.set_filter_field("email");
  for (int i = 0; i < 300; ++i) {
    request.add_filter_values(absl::StrCat("someone-with-a-long-address-", i, "@example.com"));
  }
  absl::StatusOr<v1::QueryLeadsResponse> page = backend().QueryLeads(TestContext(), request);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->leads_size(), 0);
  EXPECT_EQ(Calls("get_leads_by_filter"), 1);
  EXPECT_EQ(emulator().counters().OutcomesForCode("414"), 0);
}

TEST_F(MarketoBackendReadTest, CommaInAFilterValueIsRejectedBeforeAnyCall) {
  v1::QueryLeadsRequest request = IdQuery(2);
  request.add_filter_values("a,b");
  absl::Status status = backend().QueryLeads(TestContext(), request).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(Calls("get_leads_by_filter"), 0);
}

TEST_F(MarketoBackendReadTest, TooManyResultsIsFailedPrecondition) {
  for (int i = 0; i < 1000; ++i) emulator().store().InsertLead({}, 1);
  v1::QueryLeadsRequest request;
  request.set_filter_field("leadPartitionId");
  request.add_filter_values("1");
  absl::Status status = backend().QueryLeads(TestContext(), request).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(upstream::UpstreamCode(status), "1003");
}

TEST_F(MarketoBackendReadTest, ExpiredTokenIsReplacedWithoutTheCallerNoticing) {
  v1::GetLeadRequest request;
  request.set_id(absl::StrCat(kFirstDemoId));
  ASSERT_THAT(backend().GetLead(TestContext(), request), IsOk());
  EXPECT_EQ(backend().identity_calls(), 1);
  emulator().ExpireAllTokens();
  ASSERT_THAT(backend().GetLead(TestContext(), request), IsOk());
  EXPECT_EQ(backend().identity_calls(), 2);
  EXPECT_EQ(emulator().counters().Outcomes("get_lead_by_id", "602"), 1);
}

TEST_F(MarketoBackendReadTest, StaticListMembersPageWithMarketoTokens) {
  v1::ListStaticListMembersRequest request;
  request.set_list_id("1001");
  request.set_page_size(5);
  std::set<std::string> ids;
  int pages = 0;
  for (; pages < 20; ++pages) {
    auto answer = backend().ListStaticListMembers(TestContext(), request);
    ASSERT_THAT(answer, IsOk());
    for (const v1::Lead& lead : answer->leads()) ids.insert(lead.id());
    if (answer->next_page_token().empty()) break;
    request.set_page_token(answer->next_page_token());
  }
  EXPECT_GT(pages, 1);
  EXPECT_GT(ids.size(), 5u);
  EXPECT_EQ(Calls("get_leads_by_list"), pages + 1);
}

TEST_F(MarketoBackendReadTest, MembershipsOfALead) {
  const std::string lead_id = absl::StrCat(kFirstDemoId);
  v1::ListLeadStaticListsRequest lists;
  lists.set_lead_id(lead_id);
  auto list_answer = backend().ListLeadStaticLists(TestContext(), lists);
  ASSERT_THAT(list_answer, IsOk());
  EXPECT_GT(list_answer->memberships_size(), 0);

  v1::ListLeadProgramsRequest programs;
  programs.set_lead_id(lead_id);
  auto program_answer = backend().ListLeadPrograms(TestContext(), programs);
  ASSERT_THAT(program_answer, IsOk());

  v1::ListLeadSmartCampaignsRequest campaigns;
  campaigns.set_lead_id(lead_id);
  auto campaign_answer = backend().ListLeadSmartCampaigns(TestContext(), campaigns);
  ASSERT_THAT(campaign_answer, IsOk());
  EXPECT_GT(program_answer->memberships_size() + campaign_answer->smart_campaigns_size(), 0);
}

TEST_F(MarketoBackendReadTest, ProgramMembersCarryTheirMembership) {
  v1::ListProgramMembersRequest request;
  request.set_program_id("1127");
  auto answer = backend().ListProgramMembers(TestContext(), request);
  ASSERT_THAT(answer, IsOk());
  ASSERT_GT(answer->members_size(), 0);
  EXPECT_FALSE(answer->members(0).lead().id().empty());
  EXPECT_EQ(answer->members(0).membership().program_id(), "1127");
  EXPECT_FALSE(answer->members(0).membership().progression_status().empty());
}

TEST_F(MarketoBackendReadTest, FieldSchema) {
  v1::GetLeadFieldRequest get;
  get.set_name("email");
  auto email = backend().GetLeadField(TestContext(), get);
  ASSERT_THAT(email, IsOk());
  EXPECT_EQ(email->data_type(), "email");
  get.set_name("noSuchField");
  EXPECT_THAT(backend().GetLeadField(TestContext(), get), StatusIs(absl::StatusCode::kNotFound));

  v1::CreateLeadFieldsRequest create;
  v1::NewLeadField* field = create.add_fields();
  field->set_name("acmeAccessCode");
  field->set_display_name("Acme Access Code");
  field->set_data_type("string");
  auto created = backend().CreateLeadFields(TestContext(), create);
  ASSERT_THAT(created, IsOk());
  ASSERT_EQ(created->results_size(), 1);
  EXPECT_EQ(created->results(0).status(), v1::RECORD_STATUS_CREATED);
  EXPECT_EQ(created->results(0).id(), "acmeAccessCode");

  v1::UpdateLeadFieldRequest update;
  update.set_name("acmeAccessCode");
  update.set_description("Acme Direct Mail Integration");
  auto updated = backend().UpdateLeadField(TestContext(), update);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->status(), v1::RECORD_STATUS_UPDATED);

  v1::ListLeadFieldsRequest list;
  list.set_page_size(20);
  int fields = 0;
  for (int page = 0; page < 50; ++page) {
    auto answer = backend().ListLeadFields(TestContext(), list);
    ASSERT_THAT(answer, IsOk());
    fields += answer->fields_size();
    if (answer->next_page_token().empty()) break;
    list.set_page_token(answer->next_page_token());
  }
  EXPECT_GT(fields, 20);
}

TEST_F(MarketoBackendReadTest, Partitions) {
  auto partitions = backend().ListLeadPartitions(TestContext(), {});
  ASSERT_THAT(partitions, IsOk());
  ASSERT_GE(partitions->partitions_size(), 2);
  EXPECT_EQ(partitions->partitions(0).name(), "Default");
}

TEST_F(MarketoBackendReadTest, RateLimitIsResourceExhaustedWithRetryAfter) {
  emulators::marketo::MarketoEmulatorOptions options;
  options.rate_limit_calls = 2;
  Start(options);
  v1::GetLeadRequest request;
  request.set_id(absl::StrCat(kFirstDemoId));
  ASSERT_THAT(backend().GetLead(TestContext(), request), IsOk());
  ASSERT_THAT(backend().GetLead(TestContext(), request), IsOk());
  absl::Status status = backend().GetLead(TestContext(), request).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_EQ(upstream::UpstreamCode(status), "606");
  // The caller-facing retry hint comes from the connection's guard (guarded_calls_test).
  EXPECT_EQ(upstream::OutcomeOf(status), upstream::Outcome::kRateLimited);
}

}  // namespace
}  // namespace leadgw::backends::marketo
