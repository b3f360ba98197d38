// FieldService, MembershipService and ConnectionService requests.
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/validation.h"
#include "service/validation_testing.h"
#include "testing/status_matchers.h"

namespace leadgw::service {
namespace {

using ::leadgw::testing_util::IsOk;
using validation_testing::ExpectInvalidField;
using validation_testing::Japanese;
using validation_testing::RunCases;

TEST(ValidateGetLeadFieldTest, Rules) {
  v1::GetLeadFieldRequest valid;
  valid.set_connection("mkto");
  valid.set_name("leadScore");
  using R = v1::GetLeadFieldRequest;
  RunCases<R>(valid,
              {
                  {"no connection", [](R& r) { r.clear_connection(); }, "connection", "required"},
                  {"no name", [](R& r) { r.clear_name(); }, "name", "required"},
                  {"underscore", [](R& r) { r.set_name("Custom_Field_1"); }, ""},
                  {"leading underscore", [](R& r) { r.set_name("_x"); }, "name",
                   "must start with a letter"},
                  {"dot", [](R& r) { r.set_name("a.b"); }, "name"},
                  {"255 chars", [](R& r) { r.set_name(std::string(255, 'a')); }, ""},
                  {"256 chars", [](R& r) { r.set_name(std::string(256, 'a')); }, "name",
                   "at most 255 characters"},
              });
}

TEST(ValidateListLeadFieldsTest, Rules) {
  v1::ListLeadFieldsRequest valid;
  valid.set_connection("mkto");
  valid.set_page_size(300);
  using R = v1::ListLeadFieldsRequest;
  RunCases<R>(valid, {
                         {"default size", [](R& r) { r.set_page_size(0); }, ""},
                         {"301", [](R& r) { r.set_page_size(301); }, "page_size", "must be 0-300"},
                         {"long token", [](R& r) { r.set_page_token(std::string(4097, 't')); },
                          "page_token"},
                     });
}

TEST(ValidateCreateLeadFieldsTest, Rules) {
  v1::CreateLeadFieldsRequest valid;
  valid.set_connection("mkto");
  for (int i = 0; i < 3; ++i) {
    v1::NewLeadField* field = valid.add_fields();
    field->set_name(absl::StrCat("custom_", i));
    field->set_display_name(absl::StrCat("項目", i));
    field->set_data_type("string");
    field->set_description("説明");
    field->set_is_hidden(false);
  }
  using R = v1::CreateLeadFieldsRequest;
  auto fill = [](R& r, int n) {
    for (int i = r.fields_size(); i < n; ++i) {
      v1::NewLeadField* field = r.add_fields();
      *field = r.fields(0);
      field->set_name(absl::StrCat("f", i));
      field->set_display_name(absl::StrCat("F", i));
    }
  };
  RunCases<R>(
      valid,
      {
          {"no fields", [](R& r) { r.clear_fields(); }, "fields", "required"},
          {"100 fields", [&](R& r) { fill(r, 100); }, ""},
          {"101 fields", [&](R& r) { fill(r, 101); }, "fields", "at most 100 entries"},
          {"no name", [](R& r) { r.mutable_fields(1)->clear_name(); }, "fields[1].name",
           "required"},
          {"digit first", [](R& r) { r.mutable_fields(1)->set_name("1st"); }, "fields[1].name"},
          {"100-char name", [](R& r) { r.mutable_fields(1)->set_name(std::string(100, 'n')); }, ""},
          {"101-char name", [](R& r) { r.mutable_fields(1)->set_name(std::string(101, 'n')); },
           "fields[1].name", "at most 100 characters"},
          {"same name", [](R& r) { r.mutable_fields(2)->set_name("custom_0"); }, "fields[2].name",
           "duplicate of fields[0].name"},
          {"same name other case", [](R& r) { r.mutable_fields(2)->set_name("Custom_0"); },
           "fields[2].name", "duplicate of fields[0].name"},
          {"no display name", [](R& r) { r.mutable_fields(0)->clear_display_name(); },
           "fields[0].display_name", "required"},
          {"255-char label", [](R& r) { r.mutable_fields(0)->set_display_name(Japanese(255)); },
           ""},
          {"256-char label", [](R& r) { r.mutable_fields(0)->set_display_name(Japanese(256)); },
           "fields[0].display_name", "at most 255 characters"},
          {"same label", [](R& r) { r.mutable_fields(1)->set_display_name("項目0"); },
           "fields[1].display_name", "duplicate of fields[0].display_name"},
          {"no type", [](R& r) { r.mutable_fields(2)->clear_data_type(); }, "fields[2].data_type",
           "required"},
          {"every type",
           [](R& r) {
             const char* types[] = {"string",   "text",  "email",    "phone",   "url",
                                    "integer",  "float", "currency", "boolean", "date",
                                    "datetime", "score", "percent"};
             for (const char* type : types) {
               v1::NewLeadField* field = r.add_fields();
               field->set_name(absl::StrCat("t_", type));
               field->set_display_name(absl::StrCat("T ", type));
               field->set_data_type(type);
             }
           },
           ""},
          {"unknown type", [](R& r) { r.mutable_fields(2)->set_data_type("reference"); },
           "fields[2].data_type", "must be one of"},
          {"type case", [](R& r) { r.mutable_fields(2)->set_data_type("String"); },
           "fields[2].data_type"},
          {"2000-char description",
           [](R& r) { r.mutable_fields(0)->set_description(Japanese(2000)); }, ""},
          {"2001-char description",
           [](R& r) { r.mutable_fields(0)->set_description(Japanese(2001)); },
           "fields[0].description", "at most 2000 characters"},
      });
}

TEST(ValidateUpdateLeadFieldTest, Rules) {
  v1::UpdateLeadFieldRequest valid;
  valid.set_connection("mkto");
  valid.set_name("custom_0");
  valid.set_display_name("新しい項目");
  using R = v1::UpdateLeadFieldRequest;
  auto only = [](R& r) { r.clear_display_name(); };
  RunCases<R>(
      valid, {
                 {"no name", [](R& r) { r.clear_name(); }, "name", "required"},
                 {"bad name", [](R& r) { r.set_name("a b"); }, "name"},
                 {"nothing", only, "display_name", "nothing to update"},
                 {"description only",
                  [&](R& r) {
                    only(r);
                    r.set_description("");
                  },
                  ""},
                 {"hidden only",
                  [&](R& r) {
                    only(r);
                    r.set_is_hidden(false);
                  },
                  ""},
                 {"sensitive only",
                  [&](R& r) {
                    only(r);
                    r.set_is_sensitive(true);
                  },
                  ""},
                 {"html only",
                  [&](R& r) {
                    only(r);
                    r.set_is_html_encoding_in_email(true);
                  },
                  ""},
                 {"empty label", [](R& r) { r.set_display_name(""); }, "display_name", "required"},
                 {"256-char label", [](R& r) { r.set_display_name(Japanese(256)); }, "display_name",
                  "at most 255 characters"},
                 {"2001-char description", [](R& r) { r.set_description(Japanese(2001)); },
                  "description", "at most 2000 characters"},
             });
}

TEST(ValidateMembershipTest, ListStaticListMembers) {
  v1::ListStaticListMembersRequest valid;
  valid.set_connection("mkto");
  valid.set_list_id("1001");
  valid.add_fields("email");
  valid.set_page_size(300);
  using R = v1::ListStaticListMembersRequest;
  RunCases<R>(
      valid,
      {
          {"no list", [](R& r) { r.clear_list_id(); }, "list_id", "required"},
          {"bad list", [](R& r) { r.set_list_id("list"); }, "list_id", "decimal digits only"},
          {"bad fields", [](R& r) { r.add_fields("email"); }, "fields[1]", "duplicate"},
          {"301", [](R& r) { r.set_page_size(301); }, "page_size", "must be 0-300"},
          {"negative", [](R& r) { r.set_page_size(-1); }, "page_size"},
          {"long token", [](R& r) { r.set_page_token(std::string(4097, 't')); }, "page_token"},
      });
}

TEST(ValidateMembershipTest, ListProgramMembers) {
  v1::ListProgramMembersRequest valid;
  valid.set_connection("mkto");
  valid.set_program_id("1107");
  using R = v1::ListProgramMembersRequest;
  RunCases<R>(valid,
              {
                  {"no program", [](R& r) { r.clear_program_id(); }, "program_id", "required"},
                  {"bad program", [](R& r) { r.set_program_id("p1"); }, "program_id"},
                  {"bad fields", [](R& r) { r.add_fields("a,b"); }, "fields[0]"},
                  {"301", [](R& r) { r.set_page_size(301); }, "page_size"},
              });
}

TEST(ValidateMembershipTest, ListLeadPrograms) {
  v1::ListLeadProgramsRequest valid;
  valid.set_connection("mkto");
  valid.set_lead_id("318581");
  valid.add_program_ids("1107");
  using R = v1::ListLeadProgramsRequest;
  auto fill = [](R& r, int n) {
    r.clear_program_ids();
    for (int i = 0; i < n; ++i) r.add_program_ids(absl::StrCat(i + 1));
  };
  RunCases<R>(
      valid,
      {
          {"no lead", [](R& r) { r.clear_lead_id(); }, "lead_id", "required"},
          {"all programs", [](R& r) { r.clear_program_ids(); }, ""},
          {"300 programs", [&](R& r) { fill(r, 300); }, ""},
          {"301 programs", [&](R& r) { fill(r, 301); }, "program_ids", "at most 300 entries"},
          {"bad program", [](R& r) { r.add_program_ids("x"); }, "program_ids[1]", "decimal"},
          {"301 page", [](R& r) { r.set_page_size(301); }, "page_size"},
      });
}

TEST(ValidateMembershipTest, LeadStaticListsAndSmartCampaigns) {
  v1::ListLeadStaticListsRequest lists;
  lists.set_connection("mkto");
  lists.set_lead_id("5");
  lists.set_page_size(300);
  EXPECT_THAT(Validate(lists), IsOk());
  lists.set_page_size(301);
  ExpectInvalidField(Validate(lists), "page_size", "must be 0-300");
  lists.set_lead_id("");
  ExpectInvalidField(Validate(lists), "lead_id", "required");

  v1::ListLeadSmartCampaignsRequest campaigns;
  campaigns.set_connection("mkto");
  campaigns.set_lead_id("5");
  EXPECT_THAT(Validate(campaigns), IsOk());
  campaigns.set_page_token(std::string(4097, 't'));
  ExpectInvalidField(Validate(campaigns), "page_token", "at most 4096 characters");
  campaigns.set_lead_id("five");
  ExpectInvalidField(Validate(campaigns), "lead_id", "decimal digits only");
}

TEST(ValidateMembershipTest, StaticListMembershipWrites) {
  v1::StaticListMembersRequest request;
  request.set_connection("mkto");
  request.set_list_id("1001");
  request.add_lead_ids("5");
  request.add_lead_ids("6");
  EXPECT_THAT(Validate(request), IsOk());
  request.set_list_id("");
  ExpectInvalidField(Validate(request), "list_id", "required");
  request.set_list_id("1001");
  request.add_lead_ids("x7");
  ExpectInvalidField(Validate(request), "lead_ids[2]", "decimal digits only");
  request.set_lead_ids(2, "05");
  ExpectInvalidField(Validate(request), "lead_ids[2]", "duplicate of lead_ids[0]");
  request.clear_lead_ids();
  ExpectInvalidField(Validate(request), "lead_ids", "required");
  for (int i = 1; i <= 5001; ++i) request.add_lead_ids(std::to_string(i));
  ExpectInvalidField(Validate(request), "lead_ids", "at most 5000 entries");
}

TEST(ValidateMembershipTest, SetProgramMemberStatus) {
  v1::SetProgramMemberStatusRequest request;
  request.set_connection("mkto");
  request.set_program_id("1044");
  request.set_status_name("Registered");
  request.add_lead_ids("5");
  EXPECT_THAT(Validate(request), IsOk());
  request.set_status_name("");
  ExpectInvalidField(Validate(request), "status_name", "required");
  request.set_status_name(std::string(256, 's'));
  ExpectInvalidField(Validate(request), "status_name", "at most 255 characters");
  request.set_status_name("Registered");
  request.set_program_id("p1");
  ExpectInvalidField(Validate(request), "program_id", "decimal digits only");
  request.set_program_id("1044");
  request.clear_lead_ids();
  ExpectInvalidField(Validate(request), "lead_ids", "required");
}

TEST(ValidateConnectionServiceTest, Rules) {
  EXPECT_THAT(Validate(v1::ListConnectionsRequest()), IsOk());
  v1::GetConnectionRequest request;
  ExpectInvalidField(Validate(request), "name", "required");
  request.set_name(std::string(63, 'n'));
  EXPECT_THAT(Validate(request), IsOk());
  request.set_name(std::string(64, 'n'));
  ExpectInvalidField(Validate(request), "name", "at most 63 characters");
}

}  // namespace
}  // namespace leadgw::service
