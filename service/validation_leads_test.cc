// LeadService reads and the non-upsert writes. Upsert and push: validation_lead_writes_test.
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
using validation_testing::Case;
using validation_testing::ExpectInvalidField;
using validation_testing::Japanese;
using validation_testing::RunCases;

void Fill(google::protobuf::RepeatedPtrField<std::string>* list, int n) {
  list->Clear();
  for (int i = 0; i < n; ++i) list->Add(absl::StrCat(i + 1));
}

TEST(ValidateConnectionTest, EveryLeadRequestNeedsAConnection) {
  ExpectInvalidField(Validate(v1::DescribeLeadsRequest()), "connection", "required");
  ExpectInvalidField(Validate(v1::ListLeadPartitionsRequest()), "connection", "required");
  v1::DescribeLeadsRequest describe;
  describe.set_connection("mkto");
  EXPECT_THAT(Validate(describe), IsOk());
  v1::ListLeadPartitionsRequest partitions;
  partitions.set_connection(std::string(63, 'c'));
  EXPECT_THAT(Validate(partitions), IsOk());
  partitions.set_connection(std::string(64, 'c'));
  ExpectInvalidField(Validate(partitions), "connection", "at most 63 characters");
}

TEST(ValidateGetLeadTest, Rules) {
  v1::GetLeadRequest valid;
  valid.set_connection("mkto-prod");
  valid.set_id("318581");
  valid.add_fields("email");
  valid.add_fields("firstName");
  using R = v1::GetLeadRequest;
  RunCases<R>(
      valid,
      {
          {"no connection", [](R& r) { r.clear_connection(); }, "connection", "required"},
          {"63-char connection", [](R& r) { r.set_connection(Japanese(63)); }, ""},
          {"64-char connection", [](R& r) { r.set_connection(Japanese(64)); }, "connection",
           "at most 63 characters"},
          {"no id", [](R& r) { r.clear_id(); }, "id", "required"},
          {"letters", [](R& r) { r.set_id("31858a"); }, "id", "decimal digits only"},
          {"negative", [](R& r) { r.set_id("-1"); }, "id", "decimal digits only"},
          {"20 digits", [](R& r) { r.set_id(std::string(20, '9')); }, ""},
          {"21 digits", [](R& r) { r.set_id(std::string(21, '9')); }, "id", "at most 20"},
          {"no fields", [](R& r) { r.clear_fields(); }, ""},
          {"1000 fields", [](R& r) { Fill(r.mutable_fields(), 1000); }, ""},
          {"1001 fields", [](R& r) { Fill(r.mutable_fields(), 1001); }, "fields",
           "at most 1000 entries"},
          {"empty field", [](R& r) { r.set_fields(1, ""); }, "fields[1]", "must not be empty"},
          {"255-char field", [](R& r) { r.set_fields(0, Japanese(255)); }, ""},
          {"256-char field", [](R& r) { r.set_fields(0, Japanese(256)); }, "fields[0]",
           "at most 255 characters"},
          {"comma", [](R& r) { r.set_fields(1, "a,b"); }, "fields[1]", "','"},
          {"duplicate", [](R& r) { r.add_fields("email"); }, "fields[2]", "duplicate of fields[0]"},
      });
}

TEST(ValidateQueryLeadsTest, Rules) {
  v1::QueryLeadsRequest valid;
  valid.set_connection("mkto");
  valid.set_filter_field("email");
  valid.add_filter_values("a@example.com");
  valid.add_filter_values("山田@example.jp");
  valid.add_fields("email");
  valid.set_page_size(300);
  valid.set_page_token("token-1");
  using R = v1::QueryLeadsRequest;
  RunCases<R>(
      valid,
      {
          {"no filter field", [](R& r) { r.clear_filter_field(); }, "filter_field", "required"},
          {"custom filter field", [](R& r) { r.set_filter_field("customer_id"); }, ""},
          {"digit first", [](R& r) { r.set_filter_field("1email"); }, "filter_field",
           "must start with a letter"},
          {"dash", [](R& r) { r.set_filter_field("e-mail"); }, "filter_field"},
          {"japanese name", [](R& r) { r.set_filter_field("名前"); }, "filter_field"},
          {"255-char name", [](R& r) { r.set_filter_field(std::string(255, 'a')); }, ""},
          {"256-char name", [](R& r) { r.set_filter_field(std::string(256, 'a')); }, "filter_field",
           "at most 255 characters"},
          {"no values", [](R& r) { r.clear_filter_values(); }, "filter_values", "required"},
          {"3000 values", [](R& r) { Fill(r.mutable_filter_values(), 3000); }, ""},
          {"3001 values", [](R& r) { Fill(r.mutable_filter_values(), 3001); }, "filter_values",
           "at most 3000 entries"},
          {"empty value 301",
           [](R& r) {
             Fill(r.mutable_filter_values(), 302);
             r.set_filter_values(301, "");
           },
           "filter_values[301]", "must not be empty"},
          {"255-char value", [](R& r) { r.set_filter_values(1, Japanese(255)); }, ""},
          {"256-char value", [](R& r) { r.set_filter_values(1, Japanese(256)); },
           "filter_values[1]", "at most 255 characters"},
          {"comma in value", [](R& r) { r.set_filter_values(0, "a@x.com,b@x.com"); },
           "filter_values[0]", "','"},
          {"ids by id",
           [](R& r) {
             r.set_filter_field("id");
             Fill(r.mutable_filter_values(), 300);
           },
           ""},
          {"bad selection", [](R& r) { r.add_fields(""); }, "fields[1]"},
          {"page size 0", [](R& r) { r.set_page_size(0); }, ""},
          {"page size 1000", [](R& r) { r.set_page_size(1000); }, ""},
          {"page size 1001", [](R& r) { r.set_page_size(1001); }, "page_size", "must be 0-1000"},
          {"negative page size", [](R& r) { r.set_page_size(-1); }, "page_size", "must be 0-1000"},
          {"4096-char token", [](R& r) { r.set_page_token(std::string(4096, 't')); }, ""},
          {"4097-char token", [](R& r) { r.set_page_token(std::string(4097, 't')); }, "page_token",
           "at most 4096 characters"},
      });
}

TEST(ValidateDeleteLeadsTest, Rules) {
  v1::DeleteLeadsRequest valid;
  valid.set_connection("mkto");
  valid.add_ids("1");
  valid.add_ids("2");
  valid.add_ids("3");
  using R = v1::DeleteLeadsRequest;
  RunCases<R>(
      valid,
      {
          {"no connection", [](R& r) { r.clear_connection(); }, "connection"},
          {"no ids", [](R& r) { r.clear_ids(); }, "ids", "required"},
          {"5000 ids", [](R& r) { Fill(r.mutable_ids(), 5000); }, ""},
          {"5001 ids", [](R& r) { Fill(r.mutable_ids(), 5001); }, "ids", "at most 5000 entries"},
          {"empty id", [](R& r) { r.set_ids(1, ""); }, "ids[1]", "must not be empty"},
          {"non-decimal", [](R& r) { r.set_ids(2, "3.0"); }, "ids[2]", "decimal digits only"},
          {"too long", [](R& r) { r.set_ids(0, std::string(21, '1')); }, "ids[0]", "at most 20"},
          {"duplicate", [](R& r) { r.set_ids(2, "1"); }, "ids[2]", "duplicate of ids[0]"},
          {"same number", [](R& r) { r.set_ids(1, "0001"); }, "ids[1]", "duplicate of ids[0]"},
      });
}

TEST(ValidateMergeLeadsTest, Rules) {
  v1::MergeLeadsRequest valid;
  valid.set_connection("mkto");
  valid.set_winner_id("100");
  valid.add_loser_ids("101");
  valid.add_loser_ids("102");
  valid.set_merge_in_crm(true);
  using R = v1::MergeLeadsRequest;
  auto losers = [](R& r, int n) {
    r.clear_loser_ids();
    for (int i = 0; i < n; ++i) r.add_loser_ids(absl::StrCat(1000 + i));
  };
  RunCases<R>(
      valid,
      {
          {"no winner", [](R& r) { r.clear_winner_id(); }, "winner_id", "required"},
          {"bad winner", [](R& r) { r.set_winner_id("w1"); }, "winner_id", "decimal digits only"},
          {"no losers", [](R& r) { r.clear_loser_ids(); }, "loser_ids", "required"},
          {"25 losers", [&](R& r) { losers(r, 25); }, ""},
          {"26 losers", [&](R& r) { losers(r, 26); }, "loser_ids", "at most 25 entries"},
          {"bad loser", [](R& r) { r.set_loser_ids(1, "1O2"); }, "loser_ids[1]", "decimal"},
          {"empty loser", [](R& r) { r.set_loser_ids(0, ""); }, "loser_ids[0]",
           "must not be empty"},
          {"repeated loser", [](R& r) { r.add_loser_ids("101"); }, "loser_ids[2]",
           "duplicate of loser_ids[0]"},
          {"winner as loser", [](R& r) { r.set_loser_ids(1, "100"); }, "loser_ids[1]",
           "must differ from winner_id"},
          {"in index order",
           [](R& r) {
             r.set_loser_ids(0, "100");
             r.set_loser_ids(1, "x");
           },
           "loser_ids[0]", "must differ from winner_id"},
          {"winner with zeros", [](R& r) { r.set_loser_ids(0, "0100"); }, "loser_ids[0]",
           "must differ from winner_id"},
      });
}

TEST(ValidateSubmitFormTest, Rules) {
  v1::SubmitFormRequest valid;
  valid.set_connection("mkto");
  valid.set_form_id(1001);
  valid.set_program_id(0);
  auto& fields = *valid.mutable_form_fields();
  fields["email"].set_string_value("taro@example.jp");
  fields["firstName"].set_string_value("太郎");
  fields["leadScore"].set_number_value(10);
  fields["unsubscribed"].set_bool_value(false);
  valid.mutable_visitor_data()->set_page_url("https://example.jp/form");
  valid.set_cookie("id:287-GTJ-838&token:_mch-marketo.com-1396310362214-46169");
  using R = v1::SubmitFormRequest;
  auto fill = [](R& r, int n) {
    for (int i = 0; r.form_fields_size() < n; ++i) {
      (*r.mutable_form_fields())[absl::StrCat("f", i)].set_string_value("v");
    }
  };
  RunCases<R>(
      valid,
      {
          {"form id 0", [](R& r) { r.set_form_id(0); }, "form_id", "must be positive"},
          {"negative form id", [](R& r) { r.set_form_id(-5); }, "form_id"},
          {"program id", [](R& r) { r.set_program_id(7); }, ""},
          {"negative program", [](R& r) { r.set_program_id(-1); }, "program_id", "negative"},
          {"no fields", [](R& r) { r.clear_form_fields(); }, "form_fields", "required"},
          {"1000 fields", [&](R& r) { fill(r, 1000); }, ""},
          {"1001 fields", [&](R& r) { fill(r, 1001); }, "form_fields", "at most 1000 entries"},
          {"no email", [](R& r) { r.mutable_form_fields()->erase("email"); },
           "form_fields[\"email\"]", "required"},
          {"empty email", [](R& r) { (*r.mutable_form_fields())["email"].set_string_value(""); },
           "form_fields[\"email\"]", "non-empty string"},
          {"numeric email", [](R& r) { (*r.mutable_form_fields())["email"].set_number_value(1); },
           "form_fields[\"email\"]", "non-empty string"},
          {"malformed email",
           [](R& r) { (*r.mutable_form_fields())["email"].set_string_value("taro"); },
           "form_fields[\"email\"]", "'@'"},
          {"bad key", [](R& r) { (*r.mutable_form_fields())["first name"].set_null_value({}); },
           "form_fields[\"first name\"]", "key must be"},
          {"struct value", [](R& r) { (*r.mutable_form_fields())["obj"].mutable_struct_value(); },
           "form_fields[\"obj\"]", "must be a string, number, bool or null"},
          {"2048-char url", [](R& r) { r.mutable_visitor_data()->set_page_url(Japanese(2048)); },
           ""},
          {"2049-char url", [](R& r) { r.mutable_visitor_data()->set_page_url(Japanese(2049)); },
           "visitor_data.page_url", "at most 2048 characters"},
          {"long user agent",
           [](R& r) { r.mutable_visitor_data()->set_user_agent_string(std::string(2049, 'u')); },
           "visitor_data.user_agent_string"},
          {"1025-char cookie", [](R& r) { r.set_cookie(std::string(1025, 'c')); }, "cookie",
           "at most 1024 characters"},
      });
}

TEST(ValidateAssociateWebActivityTest, Rules) {
  v1::AssociateWebActivityRequest valid;
  valid.set_connection("mkto");
  valid.set_lead_id("318581");
  valid.set_cookie("id:287-GTJ-838&token:_mch-marketo.com-1396310362214-46169");
  using R = v1::AssociateWebActivityRequest;
  RunCases<R>(
      valid,
      {
          {"no lead", [](R& r) { r.clear_lead_id(); }, "lead_id", "required"},
          {"bad lead", [](R& r) { r.set_lead_id("lead-1"); }, "lead_id", "decimal digits only"},
          {"no cookie", [](R& r) { r.clear_cookie(); }, "cookie", "required"},
          {"1024-char cookie", [](R& r) { r.set_cookie(std::string(1024, 'c')); }, ""},
          {"1025-char cookie", [](R& r) { r.set_cookie(std::string(1025, 'c')); }, "cookie",
           "at most 1024 characters"},
      });
}

TEST(ValidateUpdateLeadPartitionsTest, Rules) {
  v1::UpdateLeadPartitionsRequest valid;
  valid.set_connection("mkto");
  for (int i = 0; i < 4; ++i) {
    auto* a = valid.add_assignments();
    a->set_lead_id(absl::StrCat(10 + i));
    a->set_partition_name("東日本");
  }
  using R = v1::UpdateLeadPartitionsRequest;
  auto fill = [](R& r, int n) {
    while (r.assignments_size() < n) *r.add_assignments() = r.assignments(0);
  };
  RunCases<R>(valid,
              {
                  {"none", [](R& r) { r.clear_assignments(); }, "assignments", "required"},
                  {"5000", [&](R& r) { fill(r, 5000); }, ""},
                  {"5001", [&](R& r) { fill(r, 5001); }, "assignments", "at most 5000 entries"},
                  {"no lead id", [](R& r) { r.mutable_assignments(3)->clear_lead_id(); },
                   "assignments[3].lead_id", "required"},
                  {"bad lead id", [](R& r) { r.mutable_assignments(2)->set_lead_id("x"); },
                   "assignments[2].lead_id", "decimal digits only"},
                  {"no partition", [](R& r) { r.mutable_assignments(1)->clear_partition_name(); },
                   "assignments[1].partition_name", "required"},
                  {"255-char partition",
                   [](R& r) { r.mutable_assignments(1)->set_partition_name(Japanese(255)); }, ""},
                  {"256-char partition",
                   [](R& r) { r.mutable_assignments(1)->set_partition_name(Japanese(256)); },
                   "assignments[1].partition_name", "at most 255 characters"},
              });
}

}  // namespace
}  // namespace leadgw::service
