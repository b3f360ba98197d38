// Listing over loopback: every documented kind of search[...] filter, sorting and
// paging, with bracket names percent-encoded as a strict client sends them.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "emulators/hotprofile/hotprofile_emulator.h"
#include "emulators/hotprofile/test_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"
#include "testing/status_matchers.h"

namespace leadgw::emulators::hotprofile {
namespace {

using ::leadgw::emulators::hotprofile::testing::HttpResult;
using ::leadgw::emulators::hotprofile::testing::JapanTime;
using ::leadgw::emulators::hotprofile::testing::TestClient;
using ::leadgw::testing_util::FakeClock;
using ::leadgw::testing_util::IsOk;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kKey[] = "search-test-key";

class HotProfileSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HotProfileEmulatorOptions options;
    options.api_key = kKey;
    options.rate_limit_calls = 0;  // these tests make hundreds of calls
    options.demo_data = false;
    options.clock = [this] { return clock_.Now(); };
    emulator_ = std::make_unique<HotProfileEmulator>(options);
    ASSERT_THAT(emulator_->Start(), IsOk());
    client_ = std::make_unique<TestClient>(emulator_->base_url(), kKey);

    // Clients 1 and 2; leads 1-4 created on 2024/03/01, 03/15, 04/01 and 04/02.
    ASSERT_EQ(client_->Create("clients", {{"name", "株式会社山田製作所"},
                                          {"name_kana", "ヤマダセイサクショ"},
                                          {"name_disp", "山田製作所"}}),
              1);
    ASSERT_EQ(client_->Create("clients", {{"name", "北海商事株式会社"},
                                          {"name_kana", "ホッカイショウジ"},
                                          {"name_disp", "北海商事"}}),
              2);
    clock_.Set(JapanTime(2024, 3, 1, 10));
    AddLead("1", "山田", "ヤマダ", "部長",
            {{"important_customer_flg", "1"}, {"owner_user_id", "1"}});
    clock_.Set(JapanTime(2024, 3, 15, 23, 59, 59));
    AddLead("1", "山本", "ヤマモト", "課長", {{"owner_user_id", "2"}, {"lead_status", "2"}});
    clock_.Set(JapanTime(2024, 4, 1, 0, 0, 0));
    AddLead("2", "佐藤", "サトウ", "部長", {{"owner_user_id", "3"}, {"not_mail_flg", "true"}});
    clock_.Set(JapanTime(2024, 4, 2, 8, 30));
    AddLead("2", "鈴木", "スズキ", "主任", {{"important_customer_flg", "1"}});
  }

  void AddLead(const std::string& client_id, const std::string& family, const std::string& kana,
               const std::string& post, testing::Query extra) {
    testing::Query query = {{"client_id", client_id},
                            {"family_name", family},
                            {"family_name_kana", kana},
                            {"post", post}};
    query.insert(query.end(), extra.begin(), extra.end());
    client_->Create("leads", query);
  }

  std::vector<int64_t> Leads(const testing::Query& query) {
    return client_->ListIds("leads", query);
  }

  FakeClock clock_{JapanTime(2024, 1, 1)};
  std::unique_ptr<HotProfileEmulator> emulator_;
  std::unique_ptr<TestClient> client_;
};

TEST_F(HotProfileSearchTest, PartialMatchOnKanaAndClientFields) {
  EXPECT_THAT(Leads({{"search[family_name_kana]", "ヤマ"}}), ElementsAre(1, 2));
  EXPECT_THAT(Leads({{"search[family_name]", "藤"}}), ElementsAre(3));
  EXPECT_THAT(Leads({{"search[client][name_kana]", "ホッカイ"}}), ElementsAre(3, 4));
  EXPECT_THAT(Leads({{"search[client_name]", "山田製作所"}}), ElementsAre(1, 2));
  EXPECT_THAT(Leads({{"search[name]", "山本"}}), ElementsAre(2));
  EXPECT_THAT(Leads({{"search[family_name_kana]", "ナイ"}}), IsEmpty());
  // An empty search value is no filter.
  EXPECT_THAT(Leads({{"search[family_name]", ""}}), ElementsAre(1, 2, 3, 4));
  EXPECT_THAT(client_->ListIds("clients", {{"search[name_kana]", "イショウ"}}), ElementsAre(2));
}

TEST_F(HotProfileSearchTest, ExactIdAndStatusFilters) {
  EXPECT_THAT(Leads({{"search[from_id]", "2"}, {"search[to_id]", "3"}}), ElementsAre(2, 3));
  EXPECT_THAT(Leads({{"search[ids]", "4,1"}}), ElementsAre(1, 4));
  EXPECT_THAT(Leads({{"search[user_ids]", "2, 3"}}), ElementsAre(2, 3));
  EXPECT_THAT(Leads({{"search[client_id]", "2"}}), ElementsAre(3, 4));
  EXPECT_THAT(Leads({{"search[lead_status]", "2"}}), ElementsAre(2));
  EXPECT_THAT(client_->ListIds("clients", {{"search[from_id]", "2"}}), ElementsAre(2));
  HttpResult bad = client_->Post("leads/get_entry_list_flow", {{"search[ids]", "1,x"}});
  EXPECT_EQ(bad.status, 400);
}

TEST_F(HotProfileSearchTest, DateAndDateTimeRangesAreInclusiveInJapanTime) {
  EXPECT_THAT(
      Leads({{"search[from_created_on]", "2024/03/01"}, {"search[to_created_on]", "2024/03/15"}}),
      ElementsAre(1, 2));
  EXPECT_THAT(Leads({{"search[from_updated_on]", "2024/04/01"}}), ElementsAre(3, 4));
  EXPECT_THAT(Leads({{"search[from_datetime_updated_on]", "2024/03/15 23:59:59"},
                     {"search[to_datetime_updated_on]", "2024/04/01 00:00:00"}}),
              ElementsAre(2, 3));
  EXPECT_EQ(
      client_->Post("leads/get_entry_list_flow", {{"search[to_created_on]", "2024-03-01"}}).status,
      400);
  EXPECT_EQ(
      client_
          ->Post("leads/get_entry_list_flow", {{"search[from_datetime_updated_on]", "2024/03/01"}})
          .status,
      400);
}

TEST_F(HotProfileSearchTest, MultipleWordsMustAllMatchAndFlagsFilter) {
  EXPECT_THAT(Leads({{"search[multiple]", "部長"}}), ElementsAre(1, 3));
  EXPECT_THAT(Leads({{"search[multiple]", "部長 山田"}}), ElementsAre(1));
  // The ideographic space separates words too; the second word matches the client.
  EXPECT_THAT(Leads({{"search[multiple]", "部長　北海"}}), ElementsAre(3));
  EXPECT_THAT(Leads({{"search[multiple]", "部長 スズキ"}}), IsEmpty());
  EXPECT_THAT(Leads({{"search[important_customer_flg]", "1"}}), ElementsAre(1, 4));
  EXPECT_THAT(Leads({{"search[important_customer_flg]", "0"}}), ElementsAre(2, 3));
  EXPECT_THAT(Leads({{"search[not_mail_flg]", "1"}, {"search[client_id]", "2"}}), ElementsAre(3));
  EXPECT_EQ(client_->Post("leads/get_entry_list_flow", {{"search[store_flg]", "2"}}).status, 400);
}

TEST_F(HotProfileSearchTest, SortsBothDirections) {
  EXPECT_THAT(Leads({{"order[type]", "desc"}}), ElementsAre(4, 3, 2, 1));
  clock_.Advance(absl::Minutes(1));
  client_->Post("leads/update", {{"id", "2"}, {"client_id", "1"}, {"post", "部長"}});
  EXPECT_THAT(Leads({{"order[key]", "update_at"}, {"order[type]", "desc"}}),
              ElementsAre(2, 4, 3, 1));
  EXPECT_THAT(Leads({{"order[key]", "created_at"}, {"order[type]", "asc"}}),
              ElementsAre(1, 2, 3, 4));
  EXPECT_EQ(client_->Post("leads/get_entry_list_flow", {{"order[key]", "trade_on"}}).status, 400);
  EXPECT_EQ(client_->Post("leads/get_entry_list_flow", {{"order[type]", "down"}}).status, 400);

  for (const char* day : {"2025/05/01", "2024/12/24", "2026/01/15"}) {
    client_->Create("business_cards", {{"client_id", "1"},
                                       {"family_name", "x"},
                                       {"status", "1"},
                                       {"open_status", "1"},
                                       {"trade_on", day}});
  }
  EXPECT_THAT(client_->ListIds("business_cards", {{"order[key]", "trade_on"}}),
              ElementsAre(2, 1, 3));
  EXPECT_THAT(
      client_->ListIds("business_cards", {{"order[key]", "trade_on"}, {"order[type]", "desc"}}),
      ElementsAre(3, 1, 2));
  EXPECT_THAT(client_->ListIds("business_cards", {{"search[from_trade_on]", "2025/01/01"},
                                                  {"search[to_trade_on]", "2025/12/31"}}),
              ElementsAre(1));
}

TEST_F(HotProfileSearchTest, PagesOverManyBusinessCards) {
  for (int i = 1; i <= 250; ++i) {
    ASSERT_EQ(client_->Create("business_cards", {{"client_id", "1"},
                                                 {"family_name", absl::StrCat("名刺", i)},
                                                 {"status", "1"},
                                                 {"open_status", "1"}}),
              i);
  }
  HttpResult last = client_->Post("business_cards/get_entry_list",
                                  {{"page[display_number]", "100"}, {"page[number]", "3"}});
  ASSERT_EQ(last.status, 200);
  EXPECT_EQ(last.json["business_cards"].Size(), 50u);
  EXPECT_EQ(last.json["business_cards"][0]["id"].GetInt64(), 201);
  EXPECT_EQ(last.json["pages"]["current_number"].GetInt64(), 3);
  EXPECT_EQ(last.json["pages"]["display_number"].GetInt64(), 100);
  EXPECT_EQ(last.json["pages"]["total_count"].GetInt64(), 250);
  EXPECT_EQ(last.json["pages"]["total_number"].GetInt64(), 3);

  HttpResult first = client_->Post("business_cards/get_entry_list", {});
  EXPECT_EQ(first.json["business_cards"].Size(), 20u);  // default page size
  EXPECT_EQ(first.json["pages"]["total_number"].GetInt64(), 13);
  HttpResult beyond = client_->Post("business_cards/get_entry_list",
                                    {{"page[number]", "4"}, {"page[display_number]", "100"}});
  EXPECT_EQ(beyond.json["business_cards"].Size(), 0u);
  HttpResult all = client_->Post("business_cards/get_entry_list",
                                 {{"page[display_number]", "1000"}, {"order[type]", "desc"}});
  ASSERT_EQ(all.json["business_cards"].Size(), 250u);
  EXPECT_EQ(all.json["business_cards"][0]["id"].GetInt64(), 250);
}

TEST_F(HotProfileSearchTest, DisplayNumberAndPageNumberBounds) {
  auto status = [this](const std::string& endpoint, const std::string& name,
                       const std::string& value) {
    return client_->Post(endpoint, {{name, value}}).status;
  };
  EXPECT_EQ(status("leads/get_entry_list_flow", "page[display_number]", "100"), 200);
  EXPECT_EQ(status("leads/get_entry_list_flow", "page[display_number]", "101"), 400);
  EXPECT_EQ(status("leads/get_entry_list_flow", "page[display_number]", "0"), 400);
  EXPECT_EQ(status("clients/get_entry_list_flow", "page[display_number]", "1000"), 200);
  EXPECT_EQ(status("clients/get_entry_list_flow", "page[display_number]", "1001"), 400);
  EXPECT_EQ(status("business_cards/get_entry_list", "page[display_number]", "1001"), 400);
  EXPECT_EQ(status("business_cards/get_entry_list", "page[number]", "0"), 400);
  EXPECT_EQ(status("business_cards/get_entry_list", "page[number]", "x"), 400);
  EXPECT_EQ(status("business_cards/get_entry_list", "page[date_format_option]", "true"), 200);
  HttpResult error = client_->Post("leads/get_entry_list_flow", {{"page[display_number]", "101"}});
  ASSERT_TRUE(error.json.IsObject());
  EXPECT_STREQ(error.json["errors"][0]["field"].GetString(), "page[display_number]");
}

TEST(HotProfileDemoDataTest, ServesJapaneseDemoRecords) {
  HotProfileEmulator emulator(HotProfileEmulatorOptions{});
  ASSERT_THAT(emulator.Start(), IsOk());
  TestClient client(emulator.base_url(), "sandbox-api-key");
  HttpResult clients = client.Post("clients/get_entry_list_flow", {});
  ASSERT_EQ(clients.status, 200);
  EXPECT_EQ(clients.json["pages"]["total_count"].GetInt64(), 10);
  HttpResult cards =
      client.Post("business_cards/get_entry_list", {{"page[display_number]", "1000"}});
  EXPECT_EQ(cards.json["pages"]["total_count"].GetInt64(), 30);
  std::vector<std::string> years;
  for (const auto& card : cards.json["business_cards"].GetArray()) {
    years.push_back(std::string(card["trade_on"].GetString()).substr(0, 4));
  }
  EXPECT_THAT(years, ::testing::IsSupersetOf({"2024", "2025", "2026"}));
  HttpResult leads = client.Post("leads/get_entry_list_flow", {{"search[lead_status]", "2"}});
  EXPECT_GT(leads.json["pages"]["total_count"].GetInt64(), 0);
  EXPECT_LT(leads.json["pages"]["total_count"].GetInt64(), 20);
  HttpResult flagged =
      client.Post("leads/get_entry_list_flow", {{"search[important_customer_flg]", "1"}});
  EXPECT_GT(flagged.json["pages"]["total_count"].GetInt64(), 0);
}

}  // namespace
}  // namespace leadgw::emulators::hotprofile
