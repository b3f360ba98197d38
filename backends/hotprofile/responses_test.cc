#include "backends/hotprofile/responses.h"

#include <string>
#include <vector>

#include "backends/hotprofile/record_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leadgateway/v1/business_card_service.pb.h"
#include "leadgateway/v1/company_service.pb.h"
#include "leadgateway/v1/lead_service.pb.h"
#include "testing/status_matchers.h"
#include "upstream/upstream_error.h"

namespace leadgw::backends::hotprofile {
namespace {

namespace v1 = ::leadgateway::v1;
using ::leadgw::testing_util::IsOk;
using ::leadgw::testing_util::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// As the emulator renders a lead (keys in the connector's order, absent values null).
constexpr char kLeads[] = R"json({
  "leads": [{
    "id": 7, "client_id": 3, "client_name": "株式会社サンプル", "customer_id": null,
    "family_name": "山田", "first_name": "太郎", "family_name_kana": "ヤマダ",
    "first_name_kana": "タロウ", "name": "山田 太郎", "name_kana": "ヤマダ タロウ",
    "email": "taro@example.jp", "mobile_email": null, "tel": "03-1234-5678",
    "extension": "0123", "fax": null, "mobile_tel": null, "zip": "100-0005", "pref": "東京都",
    "pref_id": 13, "address": "千代田区 丸の内 1-1", "address1": "千代田区", "address2": "丸の内",
    "address3": "1-1", "url": null, "post": "部長", "organization_id": 2,
    "organization_name": "営業部", "organization_hierarchy": ["本社", "営業部"],
    "owner_user_id": 1, "owner_user_code": "U001", "owner_user_name": "佐藤 花子",
    "user_names": ["佐藤 花子"], "lead_status": 1, "lead_status_name": "有効",
    "lead_source": "展示会", "lead_source_kbn_id": 2, "lead_source_kbn_name": "展示会",
    "interest_product_type_ids": [1], "interest_product_type_names": ["名刺管理"],
    "tag_ids": [4, 5], "tags": ["重要", "新規"], "latitude": "35.68", "longitude": null,
    "trade_on": "2024/05/01", "created_at": "2024/04/01 09:00:00",
    "updated_at": "2024/04/02 18:30:15", "competitor_flg": "0", "not_mail_flg": "1",
    "items": [], "itemslabel": null, "itemsvalue": null, "total_count": 41,
    "total_number": 3, "current_number": 1, "display_number": 20, "brand_new_key": "x"
  }],
  "pages": {"current_number": 1, "display_number": 20, "total_count": 41, "total_number": 3}
})json";

constexpr char kCards[] = R"json({
  "business_cards": [{
    "id": 12, "name": "鈴木 一郎", "name_kana": "スズキ イチロウ", "client_name": "東京商事",
    "organization_name": null, "post": "課長", "email": "ichiro@example.jp",
    "pref_id": 27, "status": 2, "tag_ids": [1], "trade_on": "2025/01/15",
    "user_name": "田中", "request_key": "RQ-1", "created_at": "2025/01/15 10:00:00",
    "updated_at": "2025/01/16 10:00:00", "latitude": "34.69"
  }],
  "pages": {"current_number": 2, "display_number": 1, "total_count": 2, "total_number": 2}
})json";

TEST(ResponseParserTest, ParsesALeadPage) {
  v1::QueryLeadsResponse response;
  absl::StatusOr<PageInfo> page = ParseListAnswer(ObjectKind::kLead, kLeads, "leads_search",
                                                  [&] { return response.add_leads(); });
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->total_count, 41);
  EXPECT_EQ(NextCursor(*page), "2");
  ASSERT_EQ(response.leads_size(), 1);
  const v1::Lead& lead = response.leads(0);
  EXPECT_EQ(lead.id(), "7");
  EXPECT_EQ(lead.company_id(), "3");
  EXPECT_EQ(lead.company(), "株式会社サンプル");
  EXPECT_EQ(lead.last_name(), "山田");
  EXPECT_EQ(lead.last_name_kana(), "ヤマダ");
  EXPECT_EQ(lead.phone_extension(), "0123");
  EXPECT_EQ(lead.address().prefecture_code(), 13);
  EXPECT_EQ(lead.address().state(), "東京都");
  EXPECT_EQ(lead.address().street(), "千代田区 丸の内 1-1");
  EXPECT_EQ(lead.title(), "部長");
  EXPECT_EQ(lead.department_id(), "2");
  EXPECT_EQ(lead.department(), "営業部");
  EXPECT_EQ(lead.owner_id(), "1");
  EXPECT_EQ(lead.owner_name(), "佐藤 花子");
  EXPECT_EQ(lead.lead_status_id(), "1");        // HotProfile lead_status
  EXPECT_EQ(lead.lead_status(), "有効");        // lead_status_name
  EXPECT_EQ(lead.lead_status_name(), "有効");   // deprecated copy of lead_status
  EXPECT_FALSE(lead.has_external_company_id());  // Marketo's; HotProfile has none
  EXPECT_EQ(lead.lead_source_id(), "2");
  EXPECT_THAT(lead.tags(), ElementsAre("重要", "新規"));
  EXPECT_THAT(lead.interest_products(), ElementsAre("名刺管理"));
  EXPECT_FALSE(lead.has_fax());  // null -> unset
  EXPECT_FALSE(lead.has_website());
  // 09:00 in Japan is midnight UTC.
  EXPECT_EQ(lead.created_at().seconds(), 1711929600);
  EXPECT_EQ(lead.updated_at().seconds() - lead.created_at().seconds(), 86400 + 9 * 3600 + 1815);
  const auto& custom = lead.custom_fields();
  EXPECT_TRUE(lead.email_opt_out());  // not_mail_flg "1"
  EXPECT_FALSE(lead.has_phone_opt_out());
  EXPECT_EQ(custom.count("not_mail_flg"), 0u);
  EXPECT_FALSE(custom.at("competitor_flg").bool_value());
  EXPECT_EQ(custom.at("trade_on").string_value(), "2024-05-01");
  EXPECT_EQ(custom.at("latitude").string_value(), "35.68");
  EXPECT_EQ(lead.full_name(), "山田 太郎");
  EXPECT_EQ(lead.full_name_kana(), "ヤマダ タロウ");
  EXPECT_EQ(custom.count("name"), 0u);
  EXPECT_EQ(custom.count("name_kana"), 0u);
  EXPECT_EQ(custom.at("organization_hierarchy").list_value().values_size(), 2);
  EXPECT_EQ(custom.at("brand_new_key").string_value(), "x");  // unknown keys kept
  EXPECT_EQ(custom.count("total_count"), 0u);                 // page copies dropped
  EXPECT_EQ(custom.count("customer_id"), 0u);                 // null dropped
}

TEST(ResponseParserTest, ParsesABusinessCardPage) {
  v1::SearchBusinessCardsResponse response;
  absl::StatusOr<PageInfo> page =
      ParseListAnswer(ObjectKind::kBusinessCard, kCards, "business_cards_search",
                      [&] { return response.add_cards(); });
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(NextCursor(*page), "");  // page 2 of 2
  const v1::BusinessCard& card = response.cards(0);
  EXPECT_EQ(card.id(), "12");
  EXPECT_EQ(card.company_name(), "東京商事");
  EXPECT_EQ(card.title(), "課長");
  EXPECT_EQ(card.status(), v1::CARD_STATUS_INACTIVE);
  EXPECT_EQ(card.exchange_date(), "2025-01-15");
  EXPECT_EQ(card.owner_name(), "田中");
  EXPECT_EQ(card.request_key(), "RQ-1");
  EXPECT_THAT(card.tag_ids(), ElementsAre("1"));
  EXPECT_EQ(card.address().prefecture_code(), 27);
  // Cards answer only the full names: the parts are split from them.
  EXPECT_EQ(card.full_name(), "鈴木 一郎");
  EXPECT_EQ(card.full_name_kana(), "スズキ イチロウ");
  EXPECT_EQ(card.last_name(), "鈴木");
  EXPECT_EQ(card.first_name(), "一郎");
  EXPECT_EQ(card.last_name_kana(), "スズキ");
  EXPECT_EQ(card.first_name_kana(), "イチロウ");
  EXPECT_EQ(card.custom_fields().count("name"), 0u);
}

TEST(ResponseParserTest, KeepsNamePartsTheAnswerGives) {
  // A lead whose given name is empty: its full name is the family name alone, and the
  // answered family name is not re-split.
  constexpr char kLead[] = R"json({"leads": [{"id": 1, "family_name": "山田 花",
      "first_name": null, "name": "山田 花"}],
      "pages": {"current_number": 1, "display_number": 20, "total_count": 1,
                "total_number": 1}})json";
  v1::QueryLeadsResponse response;
  ASSERT_THAT(ParseListAnswer(ObjectKind::kLead, kLead, "leads_search",
                              [&] { return response.add_leads(); }),
              IsOk());
  EXPECT_EQ(response.leads(0).last_name(), "山田 花");
  EXPECT_FALSE(response.leads(0).has_first_name());
  EXPECT_EQ(response.leads(0).full_name(), "山田 花");
}

TEST(ResponseParserTest, ParsesAClient) {
  v1::SearchCompaniesResponse response;
  absl::StatusOr<PageInfo> page =
      ParseListAnswer(ObjectKind::kClient,
                      R"({"clients": [{"id": "4", "name": "東京商事", "name_disp": "東京商事",
          "capital_kbn": "3", "corporate_number": 1234567890123, "user_id": null,
          "user_name": "田中"}],
          "pages": {"current_number": 1, "display_number": 20, "total_count": 1,
                    "total_number": 1}})",
                      "clients_search", [&] { return response.add_companies(); });
  ASSERT_THAT(page, IsOk());
  const v1::Company& company = response.companies(0);
  EXPECT_EQ(company.id(), "4");  // ids as text are tolerated
  EXPECT_EQ(company.display_name(), "東京商事");
  EXPECT_EQ(company.corporate_number(), "1234567890123");
  EXPECT_EQ(company.owner_name(), "田中");
  EXPECT_EQ(company.custom_fields().at("capital_kbn").string_value(), "3");
}

TEST(ResponseParserTest, MalformedJsonIsUnavailable) {
  for (const char* body : {"", "<html>502</html>", R"({"leads": [)", "[]"}) {
    v1::QueryLeadsResponse response;
    absl::StatusOr<PageInfo> page = ParseListAnswer(ObjectKind::kLead, body, "leads_search",
                                                    [&] { return response.add_leads(); });
    EXPECT_THAT(page, StatusIs(absl::StatusCode::kUnavailable)) << body;
    EXPECT_EQ(upstream::UpstreamCode(page.status()), "200");
    EXPECT_THAT(page.status().message(), HasSubstr("unreadable answer from leads_search"));
  }
}

TEST(ResponseParserTest, WrongShapesAreInternal) {
  struct Case {
    const char* body;
    const char* detail;
  };
  const Case cases[] = {
      {R"({"pages": {}})", "member \"leads\" is missing"},
      {R"({"leads": {}, "pages": {}})", "member \"leads\": expected an array, got an object"},
      {R"({"leads": []})", "member \"pages\" is missing"},
      {R"({"leads": [], "pages": {"current_number": 1}})", "pages.member \"display_number\""},
      {R"({"leads": [], "pages": {"current_number": "x", "display_number": 1,
           "total_count": 0, "total_number": 0}})",
       "pages.member \"current_number\""},
      {R"({"leads": [{"id": 1, "created_at": "yesterday"}], "pages": {"current_number": 1,
           "display_number": 1, "total_count": 1, "total_number": 1}})",
       "leads[0]: created_at: expected a time"},
      {R"({"leads": [{"id": {"x": 1}}], "pages": {"current_number": 1,
           "display_number": 1, "total_count": 1, "total_number": 1}})",
       "leads[0]: id: expected text"},
      {R"({"leads": [7], "pages": {"current_number": 1,
           "display_number": 1, "total_count": 1, "total_number": 1}})",
       "leads[0]: expected an object"},
      {R"({"leads": [{"tags": "x"}], "pages": {"current_number": 1,
           "display_number": 1, "total_count": 1, "total_number": 1}})",
       "tags: expected an array"},
  };
  for (const Case& c : cases) {
    v1::QueryLeadsResponse response;
    absl::StatusOr<PageInfo> page = ParseListAnswer(ObjectKind::kLead, c.body, "leads_search",
                                                    [&] { return response.add_leads(); });
    EXPECT_THAT(page, StatusIs(absl::StatusCode::kInternal)) << c.body;
    EXPECT_THAT(page.status().message(), HasSubstr(c.detail)) << c.body;
  }
}

TEST(ResponseParserTest, WriteAnswers) {
  EXPECT_EQ(ParseWriteAnswer(R"({"id": 318581})", "leads_create").value(), "318581");
  EXPECT_EQ(ParseWriteAnswer(R"({"id": "12"})", "leads_create").value(), "12");
  EXPECT_THAT(ParseWriteAnswer(R"({})", "leads_create"), StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(ParseWriteAnswer(R"({"id": 0})", "leads_create"),
              StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(ParseWriteAnswer(R"({"id": true})", "leads_create"),
              StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(ParseWriteAnswer("not json", "leads_create"),
              StatusIs(absl::StatusCode::kUnavailable));
}

TEST(ResponseParserTest, LookupAnswers) {
  absl::StatusOr<LookupPage> page = ParseLookupAnswer(
      R"({"leads": [{"id": 1, "email": "a@x.jp"}, {"id": 2, "email": null}],
          "pages": {"current_number": 1, "display_number": 100, "total_count": 2,
                    "total_number": 1}})",
      "email", "leads_search");
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->candidates.size(), 2u);
  EXPECT_EQ(page->candidates[0].id, "1");
  EXPECT_EQ(page->candidates[0].value, "a@x.jp");
  EXPECT_EQ(page->candidates[1].value, "");
  EXPECT_THAT(ParseLookupAnswer(R"({"leads": [{"email": "a"}], "pages": {"current_number": 1,
               "display_number": 1, "total_count": 1, "total_number": 1}})",
                                "email", "leads_search"),
              StatusIs(absl::StatusCode::kInternal));
}

TEST(ResponseParserTest, ErrorBodies) {
  constexpr char kErrors[] = R"json({"errors": [
      {"field": "family_name", "message": "family_name is too long (101 characters; at most 100)"},
      {"field": "page[number]", "message": "must be at least 1"},
      {"field": null, "message": "rate limit exceeded"}]})json";
  EXPECT_EQ(DescribeErrorBody(kErrors),
            "family_name is too long (101 characters; at most 100); page[number]: must be at "
            "least 1; rate limit exceeded");
  EXPECT_EQ(DescribeErrorBody("<html>"), "");
  EXPECT_EQ(DescribeErrorBody(R"({"errors": "x"})"), "");
  EXPECT_EQ(DescribeErrorBody(R"({"errors": [{"field": 1}]})"), "");
}

TEST(RecordReaderTest, KeepSelectedFields) {
  v1::QueryLeadsResponse response;
  ASSERT_THAT(ParseListAnswer(ObjectKind::kLead, kLeads, "leads_search",
                              [&] { return response.add_leads(); }),
              IsOk());
  v1::Lead lead = response.leads(0);
  KeepSelectedFields({"family_name", "email", "zip", "competitor_flg"}, &lead);
  EXPECT_EQ(lead.id(), "7");
  EXPECT_EQ(lead.last_name(), "山田");
  EXPECT_EQ(lead.email(), "taro@example.jp");
  EXPECT_EQ(lead.address().postal_code(), "100-0005");
  EXPECT_FALSE(lead.address().has_state());
  EXPECT_FALSE(lead.has_first_name());
  EXPECT_FALSE(lead.has_created_at());
  EXPECT_EQ(lead.tags_size(), 0);
  std::vector<std::string> keys;
  for (const auto& [key, value] : lead.custom_fields()) keys.push_back(key);
  EXPECT_THAT(keys, UnorderedElementsAre("competitor_flg"));
  EXPECT_FALSE(lead.has_email_opt_out());  // not selected
  // Neutral names work too; fields outside any selection leave the address out entirely.
  lead = response.leads(0);
  KeepSelectedFields({"last_name_kana"}, &lead);
  EXPECT_EQ(lead.last_name_kana(), "ヤマダ");
  EXPECT_FALSE(lead.has_address());
  EXPECT_TRUE(lead.custom_fields().empty());
}

// Neutral names win over HotProfile's: "lead_status" selects the status name (HotProfile
// lead_status_name, with its deprecated copy), "lead_status_id" the id.
TEST(RecordReaderTest, KeepSelectedStatusIdAndName) {
  v1::QueryLeadsResponse response;
  ASSERT_THAT(ParseListAnswer(ObjectKind::kLead, kLeads, "leads_search",
                              [&] { return response.add_leads(); }),
              IsOk());
  v1::Lead lead = response.leads(0);
  KeepSelectedFields({"lead_status"}, &lead);
  EXPECT_FALSE(lead.has_lead_status_id());
  EXPECT_EQ(lead.lead_status(), "有効");
  EXPECT_EQ(lead.lead_status_name(), "有効");
  lead = response.leads(0);
  KeepSelectedFields({"lead_status_name"}, &lead);
  EXPECT_FALSE(lead.has_lead_status_id());
  EXPECT_EQ(lead.lead_status(), "有効");
  EXPECT_EQ(lead.lead_status_name(), "有効");
  lead = response.leads(0);
  KeepSelectedFields({"lead_status_id"}, &lead);
  EXPECT_EQ(lead.lead_status_id(), "1");
  EXPECT_FALSE(lead.has_lead_status());
  EXPECT_EQ(lead.lead_status_name(), "");
}

TEST(RecordReaderTest, ARecordOfAnotherKindIsAnInternalError) {
  rapidjson::Document json;
  json.Parse(R"({"id": 7, "name": "x"})");
  v1::Company company;
  absl::Status status = ReadRecord(ObjectKind::kLead, json, &company);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(status.message(), HasSubstr("a lead is read into a Lead, not a Company"));
}

TEST(RecordReaderTest, AKeyRepeatedInTheAnswerKeepsTheLastValue) {
  rapidjson::Document json;
  json.Parse(R"({"id": 7, "unknown_key": [1, 2], "unknown_key": "last", "family_name": "A",
                 "family_name": "B"})");
  v1::Lead lead;
  ASSERT_THAT(ReadRecord(ObjectKind::kLead, json, &lead), IsOk());
  EXPECT_EQ(lead.last_name(), "B");
  ASSERT_EQ(lead.custom_fields().count("unknown_key"), 1u);
  EXPECT_EQ(lead.custom_fields().at("unknown_key").string_value(), "last");
}

}  // namespace
}  // namespace leadgw::backends::hotprofile
