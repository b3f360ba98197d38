// CompanyService and BusinessCardService requests.
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "service/validation.h"
#include "service/validation_testing.h"

namespace leadgw::service {
namespace {

using validation_testing::Japanese;
using validation_testing::RunCases;

v1::Company NewCompany(int n) {
  v1::Company company;
  company.set_name(absl::StrCat("株式会社サンプル", n));
  company.set_name_kana("カブシキガイシャサンプル");
  company.set_display_name("サンプル");
  company.mutable_address()->set_prefecture_code(13);
  company.mutable_address()->set_street("丸の内1-1-1");
  company.set_phone("03-1234-5678");
  company.set_owner_id("12");
  (*company.mutable_custom_fields())["business_category_kbn"].set_number_value(3);
  return company;
}

v1::BusinessCard NewCard(int n) {
  v1::BusinessCard card;
  card.set_company_id("42");
  card.set_department_id("7");
  card.set_last_name("山田");
  card.set_first_name(absl::StrCat("太郎", n));
  card.set_email("taro@example.jp");
  card.set_phone_extension("123");
  card.set_status(v1::CARD_STATUS_ACTIVE);
  card.set_visibility(v1::CARD_VISIBILITY_PUBLIC);
  card.set_owner_id("99");
  card.set_exchange_date("2024-02-29");
  card.set_handwritten_note("手書き");
  return card;
}

TEST(ValidateCompaniesTest, Create) {
  v1::CreateCompaniesRequest valid;
  valid.set_connection("hp");
  for (int i = 0; i < 3; ++i) *valid.add_companies() = NewCompany(i);
  using R = v1::CreateCompaniesRequest;
  auto fill = [](R& r, int n) {
    while (r.companies_size() < n) *r.add_companies() = r.companies(0);
  };
  RunCases<R>(
      valid,
      {
          {"no connection", [](R& r) { r.clear_connection(); }, "connection"},
          {"none", [](R& r) { r.clear_companies(); }, "companies", "required"},
          {"100", [&](R& r) { fill(r, 100); }, ""},
          {"101", [&](R& r) { fill(r, 101); }, "companies", "at most 100 entries"},
          {"id", [](R& r) { r.mutable_companies(1)->set_id("5"); }, "companies[1].id",
           "must be empty on create"},
          {"no name", [](R& r) { r.mutable_companies(2)->clear_name(); }, "companies[2].name",
           "required"},
          {"empty name", [](R& r) { r.mutable_companies(2)->set_name(""); }, "companies[2].name",
           "required"},
          {"no display name", [](R& r) { r.mutable_companies(0)->clear_display_name(); },
           "companies[0].display_name", "required"},
          {"32769-char note", [](R& r) { r.mutable_companies(0)->set_note(Japanese(32769)); },
           "companies[0].note", "at most 32768 characters"},
          {"bad owner", [](R& r) { r.mutable_companies(0)->set_owner_id("u1"); },
           "companies[0].owner_id", "decimal"},
          {"prefecture",
           [](R& r) { r.mutable_companies(0)->mutable_address()->set_prefecture_code(99); },
           "companies[0].address.prefecture_code"},
          // Output-only fields are ignored (AIP-203).
          {"owner name", [](R& r) { r.mutable_companies(0)->set_owner_name("佐藤"); }, ""},
          {"corporate number",
           [](R& r) { r.mutable_companies(0)->set_corporate_number("1234567890123"); }, ""},
          {"created at", [](R& r) { r.mutable_companies(0)->mutable_created_at(); }, ""},
          {"updated at", [](R& r) { r.mutable_companies(0)->mutable_updated_at(); }, ""},
          // Reads answer output-only arrays as lists: a list of scalars passes.
          {"custom list",
           [](R& r) {
             (*r.mutable_companies(1)->mutable_custom_fields())["l"]
                 .mutable_list_value()
                 ->add_values()
                 ->set_number_value(4);
           },
           ""},
          {"custom nested list",
           [](R& r) {
             (*r.mutable_companies(1)->mutable_custom_fields())["l"]
                 .mutable_list_value()
                 ->add_values()
                 ->mutable_list_value();
           },
           "companies[1].custom_fields[\"l\"]", "must not nest lists"},
      });
}

TEST(ValidateCompaniesTest, Update) {
  v1::UpdateCompaniesRequest valid;
  valid.set_connection("hp");
  v1::Company* company = valid.add_companies();
  company->set_id("10");
  company->set_phone("03-0000-0000");
  using R = v1::UpdateCompaniesRequest;
  RunCases<R>(
      valid, {
                 {"none", [](R& r) { r.clear_companies(); }, "companies", "required"},
                 {"no id", [](R& r) { r.mutable_companies(0)->clear_id(); }, "companies[0].id",
                  "required"},
                 {"bad id", [](R& r) { r.mutable_companies(0)->set_id("c10"); }, "companies[0].id"},
                 {"clear name", [](R& r) { r.mutable_companies(0)->set_name(""); },
                  "companies[0].name", "must not be empty"},
                 {"new name", [](R& r) { r.mutable_companies(0)->set_name("新社名"); }, ""},
                 {"clear phone", [](R& r) { r.mutable_companies(0)->set_phone(""); }, ""},
             });
}

TEST(ValidateCompaniesTest, Search) {
  v1::SearchCompaniesRequest valid;
  valid.set_connection("hp");
  v1::CompanyFilter* filter = valid.mutable_filter();
  filter->set_from_id("9");
  filter->set_to_id("10");
  filter->set_name("サンプル");
  filter->add_owner_ids("12");
  filter->mutable_created()->set_from("2024-01-01");
  filter->mutable_created()->set_to("2024-12-31");
  filter->mutable_updated_after()->set_seconds(1700000000);
  filter->mutable_updated_before()->set_seconds(1700000000);
  (*filter->mutable_extra())["name_sub"] = "支店";
  valid.set_sort_key(v1::COMPANY_SORT_KEY_UPDATED_AT);
  valid.set_sort_direction(v1::SORT_DIRECTION_DESCENDING);
  valid.set_page_size(1000);
  using R = v1::SearchCompaniesRequest;
  auto f = [](R& r) { return r.mutable_filter(); };
  RunCases<R>(
      valid,
      {
          {"empty filter", [](R& r) { r.clear_filter(); }, ""},
          {"bad from id", [&](R& r) { f(r)->set_from_id("a"); }, "filter.from_id", "decimal"},
          {"to below from", [&](R& r) { f(r)->set_to_id("8"); }, "filter.to_id",
           "must not be less than filter.from_id"},
          {"open range", [&](R& r) { f(r)->clear_from_id(); }, ""},
          {"255-char name", [&](R& r) { f(r)->set_name(Japanese(255)); }, ""},
          {"256-char name", [&](R& r) { f(r)->set_name(Japanese(256)); }, "filter.name",
           "at most 255 characters"},
          {"long corporate number", [&](R& r) { f(r)->set_corporate_number(Japanese(256)); },
           "filter.corporate_number"},
          {"100 owners",
           [&](R& r) {
             for (int i = 1; i < 100; ++i) f(r)->add_owner_ids(absl::StrCat(i));
           },
           ""},
          {"101 owners",
           [&](R& r) {
             for (int i = 1; i < 101; ++i) f(r)->add_owner_ids(absl::StrCat(i));
           },
           "filter.owner_ids", "at most 100 entries"},
          {"bad owner", [&](R& r) { f(r)->add_owner_ids("u"); }, "filter.owner_ids[1]"},
          {"slashes", [&](R& r) { f(r)->mutable_created()->set_from("2024/01/01"); },
           "filter.created.from", "must be YYYY-MM-DD"},
          {"february 30", [&](R& r) { f(r)->mutable_created()->set_to("2024-02-30"); },
           "filter.created.to", "must be a real calendar date"},
          {"reversed dates",
           [&](R& r) {
             f(r)->mutable_updated()->set_from("2024-05-02");
             f(r)->mutable_updated()->set_to("2024-05-01");
           },
           "filter.updated.to", "must not be before from"},
          {"same day",
           [&](R& r) {
             f(r)->mutable_updated()->set_from("2024-05-01");
             f(r)->mutable_updated()->set_to("2024-05-01");
           },
           ""},
          {"reversed times", [&](R& r) { f(r)->mutable_updated_before()->set_seconds(1); },
           "filter.updated_before", "must not be before updated_after"},
          {"bad nanos", [&](R& r) { f(r)->mutable_updated_after()->set_nanos(-1); },
           "filter.updated_after", "valid timestamp"},
          {"extra key", [&](R& r) { (*f(r)->mutable_extra())["Name"] = "x"; },
           "filter.extra[\"Name\"]", "key must be"},
          {"nested extra key", [&](R& r) { (*f(r)->mutable_extra())["client[name_kana]"] = "x"; },
           ""},
          {"101-char extra key",
           [&](R& r) { (*f(r)->mutable_extra())[std::string(101, 'k')] = "x"; },
           absl::StrCat("filter.extra[\"", std::string(101, 'k'), "\"]")},
          {"256-char extra value", [&](R& r) { (*f(r)->mutable_extra())["a"] = Japanese(256); },
           "filter.extra[\"a\"]", "at most 255 characters"},
          {"51 extras",
           [&](R& r) {
             for (int i = 0; i < 50; ++i) (*f(r)->mutable_extra())[absl::StrCat("k", i)] = "v";
           },
           "filter.extra", "at most 50 entries"},
          {"sort key", [](R& r) { r.set_sort_key(static_cast<v1::CompanySortKey>(9)); }, "sort_key",
           "unknown enum value"},
          {"direction", [](R& r) { r.set_sort_direction(static_cast<v1::SortDirection>(-1)); },
           "sort_direction"},
          {"1001 per page", [](R& r) { r.set_page_size(1001); }, "page_size", "must be 0-1000"},
      });
}

TEST(ValidateBusinessCardsTest, Create) {
  v1::CreateBusinessCardsRequest valid;
  valid.set_connection("hp");
  for (int i = 0; i < 3; ++i) *valid.add_cards() = NewCard(i);
  using R = v1::CreateBusinessCardsRequest;
  auto fill = [](R& r, int n) {
    while (r.cards_size() < n) *r.add_cards() = r.cards(0);
  };
  auto c = [](R& r, int i) { return r.mutable_cards(i); };
  RunCases<R>(
      valid,
      {
          {"none", [](R& r) { r.clear_cards(); }, "cards", "required"},
          {"100", [&](R& r) { fill(r, 100); }, ""},
          {"101", [&](R& r) { fill(r, 101); }, "cards", "at most 100 entries"},
          {"id", [&](R& r) { c(r, 1)->set_id("1"); }, "cards[1].id", "must be empty on create"},
          {"no company", [&](R& r) { c(r, 1)->clear_company_id(); }, "cards[1].company_id",
           "required"},
          {"bad company", [&](R& r) { c(r, 1)->set_company_id("c"); }, "cards[1].company_id"},
          {"no last name", [&](R& r) { c(r, 2)->clear_last_name(); }, "cards[2].last_name",
           "required"},
          {"no status", [&](R& r) { c(r, 0)->clear_status(); }, "cards[0].status", "required"},
          {"unknown status", [&](R& r) { c(r, 0)->set_status(static_cast<v1::CardStatus>(3)); },
           "cards[0].status", "unknown enum value"},
          {"no visibility", [&](R& r) { c(r, 0)->clear_visibility(); }, "cards[0].visibility",
           "required"},
          {"visibility 2",
           [&](R& r) { c(r, 0)->set_visibility(static_cast<v1::CardVisibility>(2)); },
           "cards[0].visibility", "unknown enum value"},
          {"private", [&](R& r) { c(r, 0)->set_visibility(v1::CARD_VISIBILITY_PRIVATE); }, ""},
          {"bad email", [&](R& r) { c(r, 0)->set_email("taro"); }, "cards[0].email", "'@'"},
          {"9-digit extension", [&](R& r) { c(r, 0)->set_phone_extension("123456789"); },
           "cards[0].phone_extension", "at most 8 digits"},
          {"bad department", [&](R& r) { c(r, 0)->set_department_id("d"); },
           "cards[0].department_id"},
          {"bad lead source", [&](R& r) { c(r, 0)->set_lead_source_id("s"); },
           "cards[0].lead_source_id"},
          {"slashed date", [&](R& r) { c(r, 0)->set_exchange_date("2024/01/05"); },
           "cards[0].exchange_date", "must be YYYY-MM-DD"},
          {"not leap year", [&](R& r) { c(r, 0)->set_exchange_date("2023-02-29"); },
           "cards[0].exchange_date", "real calendar date"},
          {"month 13", [&](R& r) { c(r, 0)->set_exchange_date("2024-13-01"); },
           "cards[0].exchange_date"},
          {"cleared date", [&](R& r) { c(r, 0)->set_exchange_date(""); }, ""},
          {"32769-char note", [&](R& r) { c(r, 0)->set_handwritten_note(Japanese(32769)); },
           "cards[0].handwritten_note", "at most 32768 characters"},
          // Output-only fields are ignored (AIP-203): a card read can be written back.
          {"company name", [&](R& r) { c(r, 0)->set_company_name("x"); }, ""},
          {"department", [&](R& r) { c(r, 0)->set_department("x"); }, ""},
          {"title", [&](R& r) { c(r, 0)->set_title("x"); }, ""},
          {"request key", [&](R& r) { c(r, 0)->set_request_key("x"); }, ""},
          {"owner name", [&](R& r) { c(r, 0)->set_owner_name("x"); }, ""},
          {"tag ids", [&](R& r) { c(r, 0)->add_tag_ids("1"); }, ""},
          {"full names", [&](R& r) { c(r, 0)->set_full_name("山田 太郎"); }, ""},
          {"created at", [&](R& r) { c(r, 0)->mutable_created_at(); }, ""},
          {"updated at", [&](R& r) { c(r, 0)->mutable_updated_at(); }, ""},
          {"custom struct",
           [&](R& r) { (*c(r, 2)->mutable_custom_fields())["s"].mutable_struct_value(); },
           "cards[2].custom_fields[\"s\"]"},
      });
}

TEST(ValidateBusinessCardsTest, Update) {
  v1::UpdateBusinessCardsRequest valid;
  valid.set_connection("hp");
  v1::BusinessCard* card = valid.add_cards();
  card->set_id("501");
  card->set_company_id("42");
  card->set_note("更新");
  using R = v1::UpdateBusinessCardsRequest;
  RunCases<R>(
      valid,
      {
          {"no id", [](R& r) { r.mutable_cards(0)->clear_id(); }, "cards[0].id", "required"},
          {"no company", [](R& r) { r.mutable_cards(0)->clear_company_id(); },
           "cards[0].company_id", "required"},
          {"cleared last name", [](R& r) { r.mutable_cards(0)->set_last_name(""); },
           "cards[0].last_name", "must not be empty"},
          {"status", [](R& r) { r.mutable_cards(0)->set_status(v1::CARD_STATUS_INACTIVE); }, ""},
          {"unknown status",
           [](R& r) { r.mutable_cards(0)->set_status(static_cast<v1::CardStatus>(7)); },
           "cards[0].status", "unknown enum value"},
          {"101",
           [](R& r) {
             while (r.cards_size() < 101) *r.add_cards() = r.cards(0);
           },
           "cards", "at most 100 entries"},
      });
}

TEST(ValidateBusinessCardsTest, Search) {
  v1::SearchBusinessCardsRequest valid;
  valid.set_connection("hp");
  v1::BusinessCardFilter* filter = valid.mutable_filter();
  filter->set_last_name("山田");
  filter->set_group_id("3");
  filter->mutable_exchanged()->set_from("2024-01-01");
  (*filter->mutable_extra())["latitude"] = "35";
  valid.set_sort_key(v1::BUSINESS_CARD_SORT_KEY_EXCHANGE_DATE);
  valid.set_page_size(100);
  using R = v1::SearchBusinessCardsRequest;
  auto f = [](R& r) { return r.mutable_filter(); };
  RunCases<R>(
      valid,
      {
          {"255-char text", [&](R& r) { f(r)->set_handwritten_note(Japanese(255)); }, ""},
          {"256-char text", [&](R& r) { f(r)->set_request_key(Japanese(256)); },
           "filter.request_key", "at most 255 characters"},
          {"bad group", [&](R& r) { f(r)->set_group_id("g"); }, "filter.group_id", "decimal"},
          {"bad exchanged", [&](R& r) { f(r)->mutable_exchanged()->set_to("2024-1-1"); },
           "filter.exchanged.to", "must be YYYY-MM-DD"},
          {"reversed", [&](R& r) { f(r)->mutable_exchanged()->set_to("2023-12-31"); },
           "filter.exchanged.to", "must not be before from"},
          {"created", [&](R& r) { f(r)->mutable_created()->set_from("2024-00-10"); },
           "filter.created.from"},
          {"extra", [&](R& r) { (*f(r)->mutable_extra())["a b"] = "x"; }, "filter.extra[\"a b\"]"},
          {"sort key", [](R& r) { r.set_sort_key(static_cast<v1::BusinessCardSortKey>(4)); },
           "sort_key"},
          {"page", [](R& r) { r.set_page_size(-1); }, "page_size"},
          {"token", [](R& r) { r.set_page_token(std::string(4097, 't')); }, "page_token"},
      });
}

}  // namespace
}  // namespace leadgw::service
