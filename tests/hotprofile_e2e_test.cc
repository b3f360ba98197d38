// HotProfile end to end, the happy paths: the real gateway binary in front of the
// in-process HotProfile emulator over loopback. A client, business cards and leads are
// written, searched (kana, exchange-date range, ids), updated and read back through gRPC;
// 250 cards are paged and streamed.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "tests/hotprofile_e2e_fixture.h"

namespace leadgw::testing::hotprofile_e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST_F(HotProfileE2eTest, ClientCardsAndLeadsAreWrittenSearchedAndUpdated) {
  const std::string company_id = CreateCompany("株式会社エンドツーエンド");
  v1::WriteResponse written;
  ASSERT_TRUE(CreateCards({Card(company_id, "山田", "ヤマダ", "2024-04-10"),
                           Card(company_id, "山本", "ヤマモト", "2024-05-20"),
                           Card(company_id, "鈴木", "スズキ", "2024-04-25")},
                          &written)
                  .ok());
  ASSERT_EQ(written.results_size(), 3);
  for (const v1::RecordResult& result : written.results()) {
    EXPECT_EQ(result.status(), v1::RECORD_STATUS_CREATED);
  }

  // By kana name (partial match): ヤマダ and ヤマモト.
  v1::SearchBusinessCardsRequest by_kana;
  by_kana.mutable_filter()->set_last_name_kana("ヤマ");
  by_kana.mutable_filter()->set_company_name("エンドツーエンド");
  v1::SearchBusinessCardsResponse found = SearchCards(by_kana);
  ASSERT_EQ(found.cards_size(), 2);
  EXPECT_EQ(found.cards(0).id(), written.results(0).id());
  EXPECT_EQ(found.cards(0).company_name(), "株式会社エンドツーエンド");
  EXPECT_EQ(found.cards(0).exchange_date(), "2024-04-10");
  EXPECT_EQ(found.cards(0).full_name_kana(), "ヤマダ");
  EXPECT_EQ(found.cards(0).last_name_kana(), "ヤマダ");  // split from name_kana
  EXPECT_EQ(found.cards(0).company_id(), company_id);    // resolved from client_name

  // By exchange date range, newest first.
  v1::SearchBusinessCardsRequest by_date;
  by_date.mutable_filter()->mutable_exchanged()->set_from("2024-04-01");
  by_date.mutable_filter()->mutable_exchanged()->set_to("2024-04-30");
  by_date.mutable_filter()->set_company_name("エンドツーエンド");
  by_date.set_sort_key(v1::BUSINESS_CARD_SORT_KEY_EXCHANGE_DATE);
  by_date.set_sort_direction(v1::SORT_DIRECTION_DESCENDING);
  found = SearchCards(by_date);
  ASSERT_EQ(found.cards_size(), 2);
  EXPECT_EQ(found.cards(0).exchange_date(), "2024-04-25");
  EXPECT_EQ(found.cards(1).exchange_date(), "2024-04-10");

  // Update one card (a 3,000-character note travels in a form body) and read it back.
  v1::UpdateBusinessCardsRequest update;
  update.set_connection("hp");
  v1::BusinessCard* card = update.add_cards();
  card->set_id(written.results(1).id());
  card->set_company_id(company_id);
  card->set_note(Repeat("メ", 3000));
  card->set_exchange_date("2024-06-01");
  v1::WriteResponse updated;
  grpc::Status status = cards_->UpdateBusinessCards(Context().get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.results(0).status(), v1::RECORD_STATUS_UPDATED);
  v1::SearchBusinessCardsRequest by_kana_again;
  by_kana_again.mutable_filter()->set_last_name_kana("ヤマモト");
  found = SearchCards(by_kana_again);
  ASSERT_EQ(found.cards_size(), 1);
  EXPECT_EQ(found.cards(0).note(), Repeat("メ", 3000));
  EXPECT_EQ(found.cards(0).exchange_date(), "2024-06-01");

  // Leads under the client: createOrUpdate creates, then updates the same lead.
  v1::UpsertLeadsRequest upsert;
  upsert.set_connection("hp");
  v1::Lead* lead = upsert.add_leads();
  lead->set_company_id(company_id);
  lead->set_last_name("田中");
  lead->set_last_name_kana("タナカ");
  lead->set_email("tanaka@e2e.example.jp");
  lead->set_email_opt_out(true);  // not_mail_flg
  lead->set_phone_opt_out(false);  // not_tel_flg
  v1::WriteResponse upserted;
  ASSERT_TRUE(leads_->UpsertLeads(Context().get(), upsert, &upserted).ok());
  ASSERT_EQ(upserted.results(0).status(), v1::RECORD_STATUS_CREATED);
  const std::string lead_id = upserted.results(0).id();
  upsert.mutable_leads(0)->set_email("TANAKA@e2e.example.jp");
  upsert.mutable_leads(0)->set_title("部長");
  ASSERT_TRUE(leads_->UpsertLeads(Context().get(), upsert, &upserted).ok());
  EXPECT_EQ(upserted.results(0).status(), v1::RECORD_STATUS_UPDATED);
  EXPECT_EQ(upserted.results(0).id(), lead_id);

  // By ids, and read back one lead.
  v1::QueryLeadsRequest by_ids;
  by_ids.set_connection("hp");
  by_ids.set_filter_field("id");
  by_ids.add_filter_values(lead_id);
  by_ids.add_filter_values("999999");
  v1::QueryLeadsResponse queried;
  ASSERT_TRUE(leads_->QueryLeads(Context().get(), by_ids, &queried).ok());
  ASSERT_EQ(queried.leads_size(), 1);
  EXPECT_EQ(queried.leads(0).title(), "部長");
  v1::GetLeadRequest get;
  get.set_connection("hp");
  get.set_id(lead_id);
  v1::Lead read;
  ASSERT_TRUE(leads_->GetLead(Context().get(), get, &read).ok());
  EXPECT_EQ(read.company(), "株式会社エンドツーエンド");
  EXPECT_EQ(read.last_name_kana(), "タナカ");
  EXPECT_TRUE(read.email_opt_out());
  ASSERT_TRUE(read.has_phone_opt_out());
  EXPECT_FALSE(read.phone_opt_out());
  EXPECT_EQ(read.custom_fields().count("not_mail_flg"), 0u);
  EXPECT_GT(read.created_at().seconds(), 0);
  get.set_id("999999");
  EXPECT_EQ(leads_->GetLead(Context().get(), get, &read).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(HotProfileE2eTest, PagesAndStreamsThroughTwoHundredFiftyCards) {
  const std::string company_id = CreateCompany("ページング商事");
  for (int batch = 0; batch < 3; ++batch) {
    std::vector<v1::BusinessCard> cards;
    for (int i = batch * 100; i < std::min(250, batch * 100 + 100); ++i) {
      cards.push_back(Card(company_id, absl::StrCat("名刺", i), "メイシ", "2025-01-01"));
    }
    v1::WriteResponse written;
    const grpc::Status status = CreateCards(cards, &written);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(written.results_size(), static_cast<int>(cards.size()));
  }
  v1::SearchBusinessCardsRequest request;
  request.mutable_filter()->set_company_name("ページング商事");
  request.set_page_size(100);
  std::vector<std::string> ids;
  for (int page = 0; page < 10; ++page) {
    v1::SearchBusinessCardsResponse response = SearchCards(request);
    EXPECT_EQ(response.total_count(), 250);
    EXPECT_EQ(response.cards_size(), page < 2 ? 100 : 50);
    for (const v1::BusinessCard& card : response.cards()) ids.push_back(card.id());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  ASSERT_EQ(ids.size(), 250u);
  int64_t previous = 0;
  for (const std::string& id : ids) {
    int64_t number = 0;
    ASSERT_TRUE(absl::SimpleAtoi(id, &number));
    EXPECT_LT(previous, number) << "ids ascend across pages";
    previous = number;
  }

  // The stream walks the same cards in the same order (3 upstream pages).
  request.set_connection("hp");
  request.clear_page_token();
  const int64_t searches_before = main_->counters().Requests("business_cards/get_entry_list");
  auto context = Context();
  auto stream = cards_->StreamBusinessCards(context.get(), request);
  std::vector<std::string> streamed;
  v1::BusinessCard card;
  while (stream->Read(&card)) streamed.push_back(card.id());
  ASSERT_TRUE(stream->Finish().ok());
  EXPECT_EQ(streamed, ids);
  EXPECT_EQ(main_->counters().Requests("business_cards/get_entry_list") - searches_before, 3);
}

}  // namespace
}  // namespace leadgw::testing::hotprofile_e2e
