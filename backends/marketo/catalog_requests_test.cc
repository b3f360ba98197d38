#include "backends/marketo/catalog_requests.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::backends::marketo {
namespace {

namespace v1 = ::leadgateway::v1;
using ::testing::ElementsAre;
using ::testing::Pair;

TEST(CatalogRequestsTest, StaticListMembershipWrites) {
  v1::StaticListMembersRequest request;
  request.set_list_id("1001");
  for (const char* id : {"318581", "007", "318592"}) request.add_lead_ids(id);

  absl::StatusOr<MarketoCall> add = AddToListCall(request, 0, 2);
  ASSERT_TRUE(add.ok()) << add.status();
  EXPECT_EQ(add->endpoint, "add_leads_to_list");
  EXPECT_EQ(add->method, upstream::http::HttpMethod::kPost);
  EXPECT_EQ(add->path, "/rest/v1/lists/1001/leads.json");
  EXPECT_EQ(add->json_body, R"({"input":[{"id":318581},{"id":7}]})");
  EXPECT_FALSE(add->idempotent);

  absl::StatusOr<MarketoCall> remove = RemoveFromListCall(request, 1, 3);
  ASSERT_TRUE(remove.ok()) << remove.status();
  EXPECT_EQ(remove->endpoint, "remove_leads_from_list");
  EXPECT_EQ(remove->method, upstream::http::HttpMethod::kDelete);
  EXPECT_EQ(remove->path, "/rest/v1/lists/1001/leads.json");
  EXPECT_THAT(remove->query, ElementsAre(Pair("id", "7,318592")));
  EXPECT_TRUE(remove->json_body.empty());
  EXPECT_FALSE(remove->idempotent);

  absl::StatusOr<MarketoCall> check = IsMemberOfListCall(request, 0, 3);
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->endpoint, "is_member_of_list");
  EXPECT_EQ(check->method, upstream::http::HttpMethod::kGet);
  EXPECT_EQ(check->path, "/rest/v1/lists/1001/leads/ismember.json");
  EXPECT_THAT(check->query, ElementsAre(Pair("id", "318581,7,318592")));
  EXPECT_TRUE(check->idempotent);

  request.set_lead_ids(2, "0");
  absl::StatusOr<MarketoCall> bad = RemoveFromListCall(request, 0, 3);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("lead_ids[2]"), std::string::npos) << bad.status();
}

TEST(CatalogRequestsTest, SyncProgramMemberStatus) {
  v1::SetProgramMemberStatusRequest request;
  request.set_program_id("1044");
  request.set_status_name("Attended");
  request.add_lead_ids("318581");
  request.add_lead_ids("5");
  absl::StatusOr<MarketoCall> call = SyncProgramMemberStatusCall(request, 0, 2);
  ASSERT_TRUE(call.ok()) << call.status();
  EXPECT_EQ(call->endpoint, "sync_program_member_status");
  EXPECT_EQ(call->method, upstream::http::HttpMethod::kPost);
  EXPECT_EQ(call->path, "/rest/v1/programs/1044/members/status.json");
  EXPECT_EQ(call->json_body,
            R"({"statusName":"Attended","input":[{"leadId":318581},{"leadId":5}]})");
  EXPECT_FALSE(call->idempotent);
}

TEST(CatalogRequestsTest, Memberships) {
  v1::ListStaticListMembersRequest list;
  list.set_list_id("1001");
  list.set_page_token("PS5VL5WD");
  MarketoCall members = StaticListMembersCall(list, 3);
  EXPECT_EQ(members.endpoint, "get_leads_by_list");
  EXPECT_EQ(members.path, "/rest/v1/lists/1001/leads.json");
  EXPECT_THAT(members.query,
              ElementsAre(Pair("batchSize", "3"), Pair("nextPageToken", "PS5VL5WD")));

  v1::ListLeadStaticListsRequest lists;
  lists.set_lead_id("318581");
  EXPECT_EQ(LeadStaticListsCall(lists, 300).path, "/rest/v1/leads/318581/listMembership.json");
  EXPECT_EQ(LeadStaticListsCall(lists, 300).endpoint, "get_list_membership");

  v1::ListProgramMembersRequest program;
  program.set_program_id("1044");
  program.add_fields("email");
  MarketoCall program_call = ProgramMembersCall(program, 0);
  EXPECT_EQ(program_call.endpoint, "get_leads_by_program");
  EXPECT_EQ(program_call.path, "/rest/v1/leads/programs/1044.json");
  EXPECT_THAT(program_call.query, ElementsAre(Pair("fields", "email,membership")));

  v1::ListLeadProgramsRequest programs;
  programs.set_lead_id("7");
  programs.add_program_ids("1044");
  programs.add_program_ids("1127");
  MarketoCall programs_call = LeadProgramsCall(programs, 0);
  EXPECT_EQ(programs_call.endpoint, "get_program_membership");
  EXPECT_THAT(programs_call.query,
              ElementsAre(Pair("filterType", "programId"), Pair("filterValues", "1044,1127")));

  v1::ListLeadSmartCampaignsRequest campaigns;
  campaigns.set_lead_id("7");
  EXPECT_EQ(LeadSmartCampaignsCall(campaigns, 0).path,
            "/rest/v1/leads/7/smartCampaignMembership.json");
}

TEST(CatalogRequestsTest, Schema) {
  EXPECT_EQ(GetLeadFieldCall("acmeAccessCode").path,
            "/rest/v1/leads/schema/fields/acmeAccessCode.json");
  EXPECT_THAT(ListLeadFieldsCall(100, "T").query,
              ElementsAre(Pair("batchSize", "100"), Pair("nextPageToken", "T")));

  v1::CreateLeadFieldsRequest create;
  v1::NewLeadField* field = create.add_fields();
  field->set_display_name("Acme Access Code");
  field->set_name("acmeAccessCode");
  field->set_description("Acme Direct Mail Integration");
  field->set_data_type("string");
  field->set_is_hidden(false);
  MarketoCall create_call = CreateLeadFieldsCall(create);
  EXPECT_EQ(create_call.endpoint, "create_lead_fields");
  EXPECT_EQ(create_call.json_body,
            R"({"input":[{"displayName":"Acme Access Code","name":"acmeAccessCode",)"
            R"("dataType":"string","description":"Acme Direct Mail Integration",)"
            R"("isHidden":false}]})");

  // The seed's update body: only the attributes given.
  v1::UpdateLeadFieldRequest update;
  update.set_name("acmeAccessCode");
  update.set_display_name("Acme Access Code");
  update.set_description("Acme Direct Mail Integration");
  update.set_is_html_encoding_in_email(true);
  MarketoCall update_call = UpdateLeadFieldCall(update);
  EXPECT_EQ(update_call.endpoint, "update_lead_field");
  EXPECT_EQ(update_call.path, "/rest/v1/leads/schema/fields/acmeAccessCode.json");
  EXPECT_EQ(update_call.json_body,
            R"({"input":[{"displayName":"Acme Access Code",)"
            R"("description":"Acme Direct Mail Integration","isHtmlEncodingInEmail":true}]})");
}

}  // namespace
}  // namespace leadgw::backends::marketo
