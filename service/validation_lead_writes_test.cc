// UpsertLeads and PushLeads, and through them the shared lead record rules.
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "service/validation.h"
#include "service/validation_testing.h"

namespace leadgw::service {
namespace {

using validation_testing::Case;
using validation_testing::ExpectInvalidField;
using validation_testing::Japanese;
using validation_testing::RunCases;

// A lead with every writable field set to a valid value.
v1::Lead FullLead(int n) {
  v1::Lead lead;
  lead.set_email(absl::StrCat("taro", n, "@example.jp"));
  lead.set_first_name("太郎");
  lead.set_last_name("山田");
  lead.set_first_name_kana("タロウ");
  lead.set_last_name_kana("ヤマダ");
  lead.set_company("株式会社サンプル");
  lead.set_company_id("42");
  lead.set_title("部長");
  lead.set_department("営業部");
  lead.set_department_id("7");
  lead.set_phone("03-1234-5678");
  lead.set_phone_extension("1234");
  lead.set_mobile_phone("090-1234-5678");
  lead.set_mobile_email("taro@docomo.ne.jp");
  lead.set_fax("03-1234-5679");
  v1::Address* address = lead.mutable_address();
  address->set_postal_code("100-0005");
  address->set_country("日本");
  address->set_state("東京都");
  address->set_prefecture_code(13);
  address->set_city("千代田区");
  address->set_street("丸の内1-1-1");
  lead.set_website("https://example.jp");
  lead.set_lead_source("展示会");
  lead.set_lead_source_id("3");
  lead.set_lead_status("有効");
  lead.set_lead_status_id("1");
  lead.set_external_company_id("ACME-株式会社 1");
  lead.set_owner_id("99");
  lead.set_note("メモ");
  auto& custom = *lead.mutable_custom_fields();
  custom["leadScore"].set_number_value(12.5);
  custom["unsubscribed"].set_bool_value(false);
  custom["customer_id"].set_string_value("C-1");
  custom["address[0].line-1"].set_null_value({});
  return lead;
}

// Lead rules exercised on leads[1] of an upsert; the same code serves push records.
std::vector<Case<v1::Lead>> LeadCases() {
  using L = v1::Lead;
  auto custom = [](L & l) -> auto& { return *l.mutable_custom_fields(); };
  return {
      {"bad id", [](L& l) { l.set_id("abc"); }, "id", "decimal digits only"},
      {"id", [](L& l) { l.set_id("318581"); }, ""},
      {"cleared email", [](L& l) { l.set_email(""); }, ""},
      {"no at", [](L& l) { l.set_email("taro.example.jp"); }, "email", "exactly one '@'"},
      {"two ats", [](L& l) { l.set_email("a@b@example.jp"); }, "email"},
      {"no local part", [](L& l) { l.set_email("@example.jp"); }, "email"},
      {"no domain", [](L& l) { l.set_email("taro@"); }, "email"},
      {"japanese email", [](L& l) { l.set_email("山田@例え.jp"); }, ""},
      {"255-char email", [](L& l) { l.set_email(Japanese(250) + "@x.jp"); }, ""},
      {"256-char email", [](L& l) { l.set_email(Japanese(251) + "@x.jp"); }, "email",
       "at most 255 characters"},
      {"32768-char name", [](L& l) { l.set_first_name(Japanese(32768)); }, ""},
      {"32769-char name", [](L& l) { l.set_first_name(Japanese(32769)); }, "first_name",
       "at most 32768 characters"},
      {"long note", [](L& l) { l.set_note(std::string(32769, 'n')); }, "note"},
      {"long kana", [](L& l) { l.set_last_name_kana(Japanese(32769)); }, "last_name_kana"},
      {"bad company id", [](L& l) { l.set_company_id("C42"); }, "company_id", "decimal"},
      {"cleared company id", [](L& l) { l.set_company_id(""); }, ""},
      {"bad status id", [](L& l) { l.set_lead_status_id("active"); }, "lead_status_id",
       "decimal"},
      {"cleared status id", [](L& l) { l.set_lead_status_id(""); }, ""},
      // A company key of the backend's own: any text, not decimal-checked.
      {"text company key", [](L& l) { l.set_external_company_id("ACME/東京 #1"); }, ""},
      {"255-char company key", [](L& l) { l.set_external_company_id(Japanese(255)); }, ""},
      {"256-char company key", [](L& l) { l.set_external_company_id(Japanese(256)); },
       "external_company_id", "at most 255 characters"},
      {"bad department id", [](L& l) { l.set_department_id("7a"); }, "department_id"},
      {"bad lead source id", [](L& l) { l.set_lead_source_id("x"); }, "lead_source_id"},
      {"bad owner id", [](L& l) { l.set_owner_id("owner"); }, "owner_id"},
      {"8-digit extension", [](L& l) { l.set_phone_extension("12345678"); }, ""},
      {"9-digit extension", [](L& l) { l.set_phone_extension("123456789"); }, "phone_extension",
       "at most 8 digits"},
      {"dash in extension", [](L& l) { l.set_phone_extension("12-3"); }, "phone_extension",
       "decimal digits only"},
      {"prefecture 1", [](L& l) { l.mutable_address()->set_prefecture_code(1); }, ""},
      {"prefecture 47", [](L& l) { l.mutable_address()->set_prefecture_code(47); }, ""},
      {"prefecture 0", [](L& l) { l.mutable_address()->set_prefecture_code(0); },
       "address.prefecture_code", "must be 1-47"},
      {"prefecture 48", [](L& l) { l.mutable_address()->set_prefecture_code(48); },
       "address.prefecture_code", "must be 1-47"},
      {"long street", [](L& l) { l.mutable_address()->set_street(Japanese(32769)); },
       "address.street", "at most 32768 characters"},
      {"500 custom fields",
       [custom](L& l) {
         for (int i = 0; custom(l).size() < 500; ++i) custom(l)[absl::StrCat("c", i)];
         for (auto& [key, value] : custom(l)) value.set_bool_value(true);
       },
       ""},
      {"501 custom fields",
       [custom](L& l) {
         for (int i = 0; custom(l).size() < 501; ++i) {
           custom(l)[absl::StrCat("c", i)].set_bool_value(true);
         }
       },
       "custom_fields", "at most 500 entries"},
      {"space in key", [custom](L& l) { custom(l)["bad key"].set_bool_value(true); },
       "custom_fields[\"bad key\"]", "key must be"},
      {"empty key", [custom](L& l) { custom(l)[""].set_bool_value(true); }, "custom_fields[\"\"]"},
      {"japanese key", [custom](L& l) { custom(l)["項目"].set_bool_value(true); },
       "custom_fields[\"項目\"]"},
      {"quote in key", [custom](L& l) { custom(l)["a\"b"].set_bool_value(true); },
       "custom_fields[\"a\\\"b\"]"},
      {"255-char key", [custom](L& l) { custom(l)[std::string(255, 'k')].set_bool_value(true); },
       ""},
      {"256-char key", [custom](L& l) { custom(l)[std::string(256, 'k')].set_bool_value(true); },
       absl::StrCat("custom_fields[\"", std::string(255, 'k'), "...\"]")},
      {"struct value", [custom](L& l) { custom(l)["obj"].mutable_struct_value(); },
       "custom_fields[\"obj\"]", "must be a string, number, bool or null"},
      // Reads answer output-only arrays as lists (AIP-203: a read lead is writable back).
      {"list value", [custom](L& l) { custom(l)["arr"].mutable_list_value(); }, ""},
      {"list of a struct",
       [custom](L& l) {
         custom(l)["arr"].mutable_list_value()->add_values()->mutable_struct_value();
       },
       "custom_fields[\"arr\"]", "list item"},
      {"unset value", [custom](L& l) { custom(l)["none"]; }, "custom_fields[\"none\"]"},
      {"nan", [custom](L& l) { custom(l)["n"].set_number_value(std::nan("")); },
       "custom_fields[\"n\"]", "finite"},
      {"32768-char value", [custom](L& l) { custom(l)["s"].set_string_value(Japanese(32768)); },
       ""},
      {"32769-char value", [custom](L& l) { custom(l)["s"].set_string_value(Japanese(32769)); },
       "custom_fields[\"s\"]", "at most 32768 characters"},
      {"first key in order",
       [custom](L& l) {
         custom(l)["z z"].set_bool_value(true);
         custom(l)["a a"].set_bool_value(true);
       },
       "custom_fields[\"a a\"]"},
      // Output-only fields are ignored (AIP-203): a lead read can be written back.
      {"status name", [](L& l) { l.set_lead_status_name("有効"); }, ""},
      {"owner name", [](L& l) { l.set_owner_name("佐藤"); }, ""},
      {"tags", [](L& l) { l.add_tags("vip"); }, ""},
      {"interest products", [](L& l) { l.add_interest_products("A"); }, ""},
      {"full names",
       [](L& l) {
         l.set_full_name("山田 太郎");
         l.set_full_name_kana("ヤマダ タロウ");
       },
       ""},
      {"created at", [](L& l) { l.mutable_created_at()->set_seconds(1); }, ""},
      {"updated at", [](L& l) { l.mutable_updated_at(); }, ""},
      {"first field wins",
       [](L& l) {
         l.set_id("x");
         l.set_email("x");
       },
       "id"},
  };
}

TEST(ValidateUpsertLeadsTest, Rules) {
  v1::UpsertLeadsRequest valid;
  valid.set_connection("mkto");
  valid.set_action(v1::UPSERT_ACTION_CREATE_OR_UPDATE);
  valid.set_lookup_field("email");
  valid.set_partition_name("東日本");
  *valid.add_leads() = FullLead(0);
  *valid.add_leads() = FullLead(1);
  using R = v1::UpsertLeadsRequest;
  auto by_id = [](R& r) {
    r.set_action(v1::UPSERT_ACTION_UPDATE_ONLY);
    r.set_lookup_field("id");
    r.clear_partition_name();
    r.mutable_leads(0)->set_id("1");
    r.mutable_leads(1)->set_id("2");
  };
  auto fill = [](R& r, int n) {
    while (r.leads_size() < n) *r.add_leads() = r.leads(0);
  };
  RunCases<R>(
      valid,
      {
          {"no connection", [](R& r) { r.clear_connection(); }, "connection", "required"},
          {"unknown action", [](R& r) { r.set_action(static_cast<v1::UpsertAction>(99)); },
           "action", "unknown enum value"},
          {"default lookup", [](R& r) { r.clear_lookup_field(); }, ""},
          {"bad lookup", [](R& r) { r.set_lookup_field("e mail"); }, "lookup_field"},
          {"long lookup", [](R& r) { r.set_lookup_field(std::string(256, 'f')); }, "lookup_field",
           "at most 255 characters"},
          {"update by id", by_id, ""},
          {"id without update only",
           [&](R& r) {
             by_id(r);
             r.set_action(v1::UPSERT_ACTION_CREATE_OR_UPDATE);
           },
           "lookup_field", "UPSERT_ACTION_UPDATE_ONLY"},
          {"update by id without id",
           [&](R& r) {
             by_id(r);
             r.mutable_leads(1)->clear_id();
           },
           "leads[1].id", "required"},
          {"partition on unspecified", [](R& r) { r.clear_action(); }, ""},
          {"partition on create only", [](R& r) { r.set_action(v1::UPSERT_ACTION_CREATE_ONLY); },
           ""},
          {"partition on update only", [](R& r) { r.set_action(v1::UPSERT_ACTION_UPDATE_ONLY); },
           "partition_name", "only with action"},
          {"partition on duplicate", [](R& r) { r.set_action(v1::UPSERT_ACTION_CREATE_DUPLICATE); },
           "partition_name"},
          {"255-char partition", [](R& r) { r.set_partition_name(Japanese(255)); }, ""},
          {"256-char partition", [](R& r) { r.set_partition_name(Japanese(256)); },
           "partition_name", "at most 255 characters"},
          {"no leads", [](R& r) { r.clear_leads(); }, "leads", "required"},
          {"5000 leads", [&](R& r) { fill(r, 5000); }, ""},
          {"5001 leads", [&](R& r) { fill(r, 5001); }, "leads", "at most 5000 entries"},
          {"first lead wins",
           [](R& r) {
             r.mutable_leads(1)->set_id("x");
             r.mutable_leads(0)->set_email("x");
           },
           "leads[0].email"},
      });
  // Every lead rule, on the second lead.
  for (Case<v1::Lead>& lead_case : LeadCases()) {
    RunCases<R>(valid,
                {{lead_case.name, [&](R& r) { lead_case.mutate(*r.mutable_leads(1)); },
                  lead_case.path.empty() ? "" : "leads[1]." + lead_case.path, lead_case.problem}});
  }
}

TEST(ValidatePushLeadsTest, Rules) {
  v1::PushLeadsRequest valid;
  valid.set_connection("mkto");
  valid.set_program_name("2024 展示会");
  valid.set_source("booth");
  valid.set_reason("scanned");
  valid.set_lookup_field("email");
  valid.set_partition_name("Default");
  valid.set_program_status("Registered");
  for (int i = 0; i < 3; ++i) *valid.add_records()->mutable_lead() = FullLead(i);
  valid.mutable_records(1)->set_mkt_token("tok-1");
  using R = v1::PushLeadsRequest;
  auto fill = [](R& r, int n) {
    while (r.records_size() < n) *r.add_records() = r.records(0);
  };
  RunCases<R>(
      valid,
      {
          {"no program", [](R& r) { r.clear_program_name(); }, "program_name", "required"},
          {"255-char program", [](R& r) { r.set_program_name(Japanese(255)); }, ""},
          {"256-char program", [](R& r) { r.set_program_name(Japanese(256)); }, "program_name",
           "at most 255 characters"},
          {"long source", [](R& r) { r.set_source(Japanese(256)); }, "source"},
          {"long reason", [](R& r) { r.set_reason(Japanese(256)); }, "reason"},
          {"bad lookup", [](R& r) { r.set_lookup_field("mkt-token"); }, "lookup_field"},
          {"long partition", [](R& r) { r.set_partition_name(Japanese(256)); }, "partition_name"},
          {"long status", [](R& r) { r.set_program_status(Japanese(256)); }, "program_status"},
          {"no records", [](R& r) { r.clear_records(); }, "records", "required"},
          {"5000 records", [&](R& r) { fill(r, 5000); }, ""},
          {"5001 records", [&](R& r) { fill(r, 5001); }, "records", "at most 5000 entries"},
          {"bad email", [](R& r) { r.mutable_records(2)->mutable_lead()->set_email("x"); },
           "records[2].lead.email", "'@'"},
          {"output only ignored", [](R& r) { r.mutable_records(0)->mutable_lead()->add_tags("t"); },
           ""},
          {"custom key",
           [](R& r) { (*r.mutable_records(1)->mutable_lead()->mutable_custom_fields())["a b"]; },
           "records[1].lead.custom_fields[\"a b\"]"},
          {"token only record",
           [](R& r) {
             r.set_lookup_field("mktToken");
             for (auto& record : *r.mutable_records()) record.set_mkt_token("tok");
             r.mutable_records(0)->clear_lead();
           },
           ""},
          {"1024-char token",
           [](R& r) { r.mutable_records(1)->set_mkt_token(std::string(1024, 't')); }, ""},
          {"1025-char token",
           [](R& r) { r.mutable_records(1)->set_mkt_token(std::string(1025, 't')); },
           "records[1].mkt_token", "at most 1024 characters"},
          {"token lookup without token", [](R& r) { r.set_lookup_field("mktToken"); },
           "records[0].mkt_token", "required when lookup_field is \"mktToken\""},
      });
}

}  // namespace
}  // namespace leadgw::service
