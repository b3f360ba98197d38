// HotProfile round trips (issue 19): a card and a lead are written with Japanese names and
// every writable typed field, searched, and written back exactly as the search answered
// them. The write must succeed (output-only fields are ignored, the card's company id is
// resolved from its client name, the name parts are split from the full names) and a
// second search must answer the same record but for updated_at.
#include <string>

#include "google/protobuf/util/message_differencer.h"
#include "tests/hotprofile_e2e_fixture.h"
#include "tests/testing/lead_round_trip.h"

namespace leadgw::testing::hotprofile_e2e {
namespace {

using ::google::protobuf::util::MessageDifferencer;

TEST_F(HotProfileE2eTest, CardSearchedThenUpdatedUnchangedRoundTrips) {
  const std::string company_id = CreateCompany("株式会社往復名刺");
  v1::BusinessCard card = Card(company_id, "山田", "ヤマダ", "2024-07-01");
  card.set_first_name("太郎");
  card.set_first_name_kana("タロウ");
  card.set_department_id("2");
  card.set_email("taro.yamada@oufuku.example.jp");
  card.set_mobile_email("taro@mobile.example.jp");
  card.set_phone("03-1234-5678");
  card.set_phone_extension("123");
  card.set_fax("03-1234-5679");
  card.set_mobile_phone("090-1234-5678");
  card.mutable_address()->set_postal_code("100-0005");
  card.mutable_address()->set_prefecture_code(13);
  card.mutable_address()->set_street("千代田区丸の内1-1");
  card.set_website("https://oufuku.example.jp");
  card.set_lead_source_id("1");
  card.set_lead_source("展示会 2024 東京");
  card.set_owner_id("2");
  card.set_other_owner("外部 担当");
  card.set_note("メモ");
  card.set_handwritten_note("手書きメモ");
  v1::WriteResponse written;
  grpc::Status status = CreateCards({card}, &written);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(written.results(0).status(), v1::RECORD_STATUS_CREATED);

  v1::SearchBusinessCardsRequest search;
  search.mutable_filter()->set_company_name("株式会社往復名刺");
  v1::SearchBusinessCardsResponse first = SearchCards(search);
  ASSERT_EQ(first.cards_size(), 1);
  const v1::BusinessCard& found = first.cards(0);
  EXPECT_EQ(found.id(), written.results(0).id());
  // Every typed field the card search answers comes back as written. The search does not
  // answer extension, organization_id, owner_user_id, owner_user or open_status: those
  // stay unset, so the update below leaves them as they are.
  EXPECT_EQ(found.company_id(), company_id);  // resolved from client_name
  EXPECT_EQ(found.company_name(), "株式会社往復名刺");
  EXPECT_EQ(found.full_name(), "山田 太郎");
  EXPECT_EQ(found.full_name_kana(), "ヤマダ タロウ");
  EXPECT_EQ(found.last_name(), "山田");
  EXPECT_EQ(found.first_name(), "太郎");
  EXPECT_EQ(found.last_name_kana(), "ヤマダ");
  EXPECT_EQ(found.first_name_kana(), "タロウ");
  EXPECT_EQ(found.email(), card.email());
  EXPECT_EQ(found.mobile_email(), card.mobile_email());
  EXPECT_EQ(found.phone(), card.phone());
  EXPECT_EQ(found.fax(), card.fax());
  EXPECT_EQ(found.mobile_phone(), card.mobile_phone());
  EXPECT_EQ(found.address().postal_code(), "100-0005");
  EXPECT_EQ(found.address().prefecture_code(), 13);
  EXPECT_EQ(found.address().street(), "千代田区丸の内1-1");
  EXPECT_EQ(found.website(), card.website());
  EXPECT_EQ(found.lead_source_id(), "1");
  EXPECT_EQ(found.lead_source(), card.lead_source());
  EXPECT_EQ(found.status(), v1::CARD_STATUS_ACTIVE);
  EXPECT_EQ(found.exchange_date(), "2024-07-01");
  EXPECT_EQ(found.note(), "メモ");
  EXPECT_EQ(found.handwritten_note(), "手書きメモ");
  EXPECT_EQ(found.custom_fields().count("name"), 0u);

  v1::UpdateBusinessCardsRequest update;
  update.set_connection("hp");
  *update.add_cards() = found;
  v1::WriteResponse updated;
  status = cards_->UpdateBusinessCards(Context().get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(updated.results(0).status(), v1::RECORD_STATUS_UPDATED)
      << updated.results(0).ShortDebugString();

  v1::SearchBusinessCardsResponse second = SearchCards(search);
  ASSERT_EQ(second.cards_size(), 1);
  ExpectSameButUpdatedAt(found, second.cards(0));
}

TEST_F(HotProfileE2eTest, LeadQueriedThenUpsertedUnchangedRoundTrips) {
  const std::string company_id = CreateCompany("株式会社往復リード");
  v1::UpsertLeadsRequest create;
  create.set_connection("hp");
  create.set_action(v1::UPSERT_ACTION_CREATE_ONLY);
  v1::Lead* lead = create.add_leads();
  lead->set_company_id(company_id);
  lead->set_last_name("佐藤");
  lead->set_first_name("花子");
  lead->set_last_name_kana("サトウ");
  lead->set_first_name_kana("ハナコ");
  lead->set_email("hanako.sato@oufuku.example.jp");
  lead->set_mobile_email("hanako@mobile.example.jp");
  lead->set_title("課長");
  lead->set_department_id("3");
  lead->set_phone("06-1234-5678");
  lead->set_phone_extension("0456");
  lead->set_fax("06-1234-5679");
  lead->set_mobile_phone("080-1234-5678");
  lead->mutable_address()->set_postal_code("530-0001");
  lead->mutable_address()->set_prefecture_code(27);
  lead->mutable_address()->set_street("大阪市北区梅田1-1");
  lead->set_website("https://oufuku-lead.example.jp");
  lead->set_lead_source_id("3");
  lead->set_lead_source("セミナー 大阪");
  lead->set_lead_status_id("1");
  lead->set_owner_id("4");
  lead->set_note("リードのメモ");
  lead->set_email_opt_out(true);
  lead->set_phone_opt_out(false);
  lead->set_fax_opt_out(true);
  lead->set_mail_opt_out(false);
  (*lead->mutable_custom_fields())["customer_id"].set_string_value("C-0001");
  (*lead->mutable_custom_fields())["competitor_flg"].set_bool_value(true);
  v1::WriteResponse written;
  grpc::Status status = leads_->UpsertLeads(Context().get(), create, &written);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(written.results(0).status(), v1::RECORD_STATUS_CREATED);
  const std::string lead_id = written.results(0).id();

  v1::QueryLeadsRequest query;
  query.set_connection("hp");
  query.set_filter_field("id");
  query.add_filter_values(lead_id);
  v1::QueryLeadsResponse first;
  ASSERT_TRUE(leads_->QueryLeads(Context().get(), query, &first).ok());
  ASSERT_EQ(first.leads_size(), 1);
  const v1::Lead& found = first.leads(0);
  // Every typed field written comes back but `note`: the lead search does not answer it
  // (neither the documented lead object nor the emulator has it), so it stays unset and
  // the update below leaves it as it is.
  v1::Lead expected = *lead;
  expected.set_id(lead_id);
  expected.clear_note();
  v1::Lead typed = found;
  for (const char* output_only :
       {"company", "department", "lead_status", "lead_status_name", "owner_name", "full_name",
        "full_name_kana", "created_at", "updated_at", "custom_fields"}) {
    typed.GetReflection()->ClearField(&typed, typed.GetDescriptor()->FindFieldByName(output_only));
  }
  typed.mutable_address()->clear_state();  // pref: the prefecture's name, output only
  std::string differences;
  MessageDifferencer typed_fields;
  typed_fields.ReportDifferencesToString(&differences);
  expected.clear_custom_fields();
  EXPECT_TRUE(typed_fields.Compare(expected, typed)) << differences;
  EXPECT_EQ(found.full_name(), "佐藤 花子");
  EXPECT_EQ(found.full_name_kana(), "サトウ ハナコ");
  EXPECT_EQ(found.company(), "株式会社往復リード");
  EXPECT_EQ(found.lead_status(), "アクティブ");  // the name of status 1 (output only)
  EXPECT_EQ(found.lead_status_name(), "アクティブ");  // deprecated copy
  EXPECT_EQ(found.custom_fields().at("customer_id").string_value(), "C-0001");
  EXPECT_TRUE(found.custom_fields().at("competitor_flg").bool_value());

  v1::UpsertLeadsRequest update = UpdateByIdOf("hp", found);
  ASSERT_NO_FATAL_FAILURE(ExpectUpdatedThenQueried(*leads_, &Context, update, query, found));

  // The status changes by id (the name read back beside it is ignored, the id wins)...
  update.mutable_leads(0)->set_lead_status_id("2");
  v1::WriteResponse updated;
  status = leads_->UpsertLeads(Context().get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(updated.results(0).status(), v1::RECORD_STATUS_UPDATED);
  v1::QueryLeadsResponse third;
  ASSERT_TRUE(leads_->QueryLeads(Context().get(), query, &third).ok());
  ASSERT_EQ(third.leads_size(), 1);
  EXPECT_EQ(third.leads(0).lead_status_id(), "2");
  EXPECT_EQ(third.leads(0).lead_status(), "非アクティブ");
  EXPECT_FALSE(third.leads(0).has_external_company_id());
  v1::QueryLeadsRequest by_status;  // and is searched by id
  by_status.set_connection("hp");
  by_status.set_filter_field("lead_status_id");
  by_status.add_filter_values("2");
  by_status.set_page_size(100);
  v1::QueryLeadsResponse inactive;
  ASSERT_TRUE(leads_->QueryLeads(Context().get(), by_status, &inactive).ok());
  bool listed = false;
  for (const v1::Lead& each : inactive.leads()) {
    EXPECT_EQ(each.lead_status_id(), "2");
    listed = listed || each.id() == lead_id;
  }
  EXPECT_TRUE(listed);
  // ...never by name alone, and Marketo's company key has no place in HotProfile.
  v1::UpsertLeadsRequest by_name = update;
  by_name.mutable_leads(0)->clear_lead_status_id();
  status = leads_->UpsertLeads(Context().get(), by_name, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              ::testing::HasSubstr("leads[0].lead_status: HotProfile sets a lead's status by "
                                   "lead_status_id"));
  v1::UpsertLeadsRequest keyed = update;
  keyed.mutable_leads(0)->set_external_company_id("ACME-1");
  status = leads_->UpsertLeads(Context().get(), keyed, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("leads[0].external_company_id"));
}

}  // namespace
}  // namespace leadgw::testing::hotprofile_e2e
