#include "backends/marketo/catalog_requests.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::backends::marketo {
namespace {

namespace v1 = ::leadgateway::v1;
using ::testing::ElementsAre;
using ::testing::Pair;

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
