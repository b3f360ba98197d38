// The emulator over loopback: authentication, routing, writes and their errors, rate
// limiting, faults and the admin routes.
#include "emulators/hotprofile/hotprofile_emulator.h"

#include <memory>
#include <string>

#include "absl/strings/match.h"
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
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kKey[] = "test-key-0123456789";

std::string Repeat(const std::string& unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += unit;
  return out;
}

// The "field" of every entry of an {"errors": [...]} body.
std::vector<std::string> ErrorFields(const HttpResult& result) {
  std::vector<std::string> fields;
  if (!result.json.IsObject() || !result.json.HasMember("errors") ||
      !result.json["errors"].IsArray()) {
    return fields;
  }
  for (const auto& error : result.json["errors"].GetArray()) {
    if (error.IsObject() && error.HasMember("field") && error["field"].IsString()) {
      fields.push_back(error["field"].GetString());
    }
  }
  return fields;
}

class HotProfileEmulatorTest : public ::testing::Test {
 protected:
  void StartEmulator(int rate_limit_calls = 0, bool demo_data = false) {
    HotProfileEmulatorOptions options;
    options.api_key = kKey;
    options.rate_limit_calls = rate_limit_calls;
    options.demo_data = demo_data;
    options.clock = [this] { return clock_.Now(); };
    emulator_ = std::make_unique<HotProfileEmulator>(options);
    ASSERT_THAT(emulator_->Start(), IsOk());
    client_ = std::make_unique<TestClient>(emulator_->base_url(), kKey);
  }

  int64_t NewClient() {
    return client_->Create("clients", {{"name", "株式会社テスト"}, {"name_disp", "テスト"}});
  }

  FakeClock clock_{JapanTime(2025, 4, 1, 9)};
  std::unique_ptr<HotProfileEmulator> emulator_;
  std::unique_ptr<TestClient> client_;
};

TEST_F(HotProfileEmulatorTest, MissingOrWrongApiKeyIs401WithoutEchoingIt) {
  StartEmulator();
  TestClient anonymous(emulator_->base_url(), "");
  HttpResult missing = anonymous.Post("clients/get_entry_list_flow", {});
  EXPECT_EQ(missing.status, 401);
  EXPECT_THAT(ErrorFields(missing), ElementsAre("api_key"));

  TestClient wrong(emulator_->base_url(), "wrong-secret-key-42");
  HttpResult rejected = wrong.Post("leads/create", {{"client_id", "1"}, {"family_name", "x"}});
  EXPECT_EQ(rejected.status, 401);
  EXPECT_THAT(rejected.body, Not(HasSubstr("wrong-secret-key-42")));
  EXPECT_THAT(rejected.body, Not(HasSubstr(kKey)));
  EXPECT_EQ(emulator_->store().Size(ObjectKind::kLead), 0);
}

TEST_F(HotProfileEmulatorTest, UnknownPathIs404AndWrongMethodIs405) {
  StartEmulator();
  EXPECT_EQ(client_->Post("leads/delete", {}).status, 404);
  EXPECT_EQ(client_->Post("clients/get_entry_list", {}).status, 404);  // no "_flow"
  HttpResult get = client_->Call("GET", "/rest_api/v1/leads/get_entry_list_flow?api_key=x");
  EXPECT_EQ(get.status, 405);
  EXPECT_EQ(get.headers.count("Allow"), 1u);
  EXPECT_EQ(client_->Call("DELETE", "/rest_api/v1/clients/update").status, 405);
}

TEST_F(HotProfileEmulatorTest, CreatesClientThenCardThenLead) {
  StartEmulator();
  const int64_t client_id = client_->Create("clients", {{"name", "株式会社山田製作所"},
                                                        {"name_kana", "ヤマダセイサクショ"},
                                                        {"name_disp", "山田製作所"},
                                                        {"pref_id", "13"},
                                                        {"ipo_kbn", "2"}});
  ASSERT_EQ(client_id, 1);
  const int64_t card_id = client_->Create("business_cards", {{"client_id", "1"},
                                                             {"family_name", "佐藤"},
                                                             {"first_name", "花子"},
                                                             {"status", "1"},
                                                             {"open_status", "3"},
                                                             {"trade_on", "2025/03/31"}});
  EXPECT_EQ(card_id, 1);
  const int64_t lead_id = client_->Create("leads", {{"client_id", "1"},
                                                    {"family_name", "鈴木"},
                                                    {"first_name_kana", "イチロウ"},
                                                    {"important_customer_flg", "true"},
                                                    {"extension", "0123"}});
  EXPECT_EQ(lead_id, 1);

  HttpResult leads = client_->Post("leads/get_entry_list_flow", {});
  ASSERT_EQ(leads.status, 200) << leads.body;
  const auto& lead = leads.json["leads"][0];
  EXPECT_EQ(lead["id"].GetInt64(), 1);
  EXPECT_EQ(lead["client_id"].GetInt64(), 1);
  EXPECT_STREQ(lead["client_name"].GetString(), "株式会社山田製作所");
  EXPECT_STREQ(lead["important_customer_flg"].GetString(), "1");
  EXPECT_STREQ(lead["not_dm_flg"].GetString(), "0");
  EXPECT_STREQ(lead["extension"].GetString(), "0123");
  EXPECT_STREQ(lead["created_at"].GetString(), "2025/04/01 09:00:00");
  EXPECT_TRUE(lead["email"].IsNull());
  EXPECT_EQ(leads.json["pages"]["total_count"].GetInt64(), 1);

  HttpResult cards = client_->Post("business_cards/get_entry_list", {});
  ASSERT_EQ(cards.status, 200);
  const auto& card = cards.json["business_cards"][0];
  EXPECT_STREQ(card["name"].GetString(), "佐藤 花子");
  EXPECT_STREQ(card["client_name"].GetString(), "株式会社山田製作所");
  EXPECT_STREQ(card["trade_on"].GetString(), "2025/03/31");
  EXPECT_EQ(card["status"].GetInt64(), 1);

  HttpResult clients = client_->Post("clients/get_entry_list_flow", {});
  ASSERT_EQ(clients.status, 200);
  EXPECT_STREQ(clients.json["clients"][0]["pref"].GetString(), "東京都");
  EXPECT_STREQ(clients.json["clients"][0]["ipo_kbn"].GetString(), "2");
}

TEST_F(HotProfileEmulatorTest, MissingRequiredFieldsAre400PerField) {
  StartEmulator();
  HttpResult client = client_->Post("clients/create", {{"name_kana", "カナ"}});
  EXPECT_EQ(client.status, 400);
  EXPECT_THAT(ErrorFields(client), ElementsAre("name", "name_disp"));

  HttpResult card = client_->Post("business_cards/create", {{"family_name", "佐藤"}});
  EXPECT_EQ(card.status, 400);
  EXPECT_THAT(ErrorFields(card), ElementsAre("client_id", "status", "open_status"));

  HttpResult update = client_->Post("leads/update", {{"family_name", "佐藤"}});
  EXPECT_EQ(update.status, 400);
  EXPECT_THAT(ErrorFields(update), ElementsAre("id", "client_id"));
}

TEST_F(HotProfileEmulatorTest, LengthLimitsCountCharactersNotBytes) {
  StartEmulator();
  ASSERT_EQ(NewClient(), 1);
  // 100 hiragana are 300 bytes but 100 characters: allowed.
  EXPECT_EQ(client_->Post("leads/create", {{"client_id", "1"}, {"family_name", Repeat("あ", 100)}})
                .status,
            200);
  HttpResult too_long =
      client_->Post("leads/create", {{"client_id", "1"}, {"family_name", Repeat("あ", 101)}});
  EXPECT_EQ(too_long.status, 400);
  EXPECT_THAT(ErrorFields(too_long), ElementsAre("family_name"));
  EXPECT_THAT(too_long.body, HasSubstr("101 characters"));

  HttpResult email = client_->Post(
      "leads/create", {{"client_id", "1"}, {"family_name", "x"}, {"email", Repeat("a", 201)}});
  EXPECT_THAT(ErrorFields(email), ElementsAre("email"));
}

TEST_F(HotProfileEmulatorTest, LongValuesTravelInAFormBody) {
  StartEmulator();
  ASSERT_EQ(NewClient(), 1);
  // 3,000 katakana are ~27 KB percent-encoded: too long for a request line (414).
  const testing::Query long_note = {
      {"client_id", "1"}, {"family_name", "x"}, {"note", Repeat("メ", 3000)}};
  EXPECT_EQ(client_->Post("leads/create", long_note).status, 414);
  EXPECT_EQ(client_->PostForm("leads/create", long_note).status, 200);
  HttpResult too_long = client_->PostForm(
      "leads/create", {{"client_id", "1"}, {"family_name", "x"}, {"note", Repeat("メ", 3001)}});
  EXPECT_EQ(too_long.status, 400);
  EXPECT_THAT(ErrorFields(too_long), ElementsAre("note"));

  HttpResult json =
      client_->PostJson("leads/get_entry_list_flow",
                        R"({"search": {"from_id": 1, "to_id": 1}, "page": {"number": 1}})");
  ASSERT_EQ(json.status, 200) << json.body;
  EXPECT_EQ(json.json["pages"]["total_count"].GetInt64(), 1);
  EXPECT_EQ(client_->PostJson("leads/get_entry_list_flow", "{broken").status, 400);
}

TEST_F(HotProfileEmulatorTest, RejectsMalformedValues) {
  StartEmulator();
  ASSERT_EQ(NewClient(), 1);
  HttpResult card = client_->Post("business_cards/create", {{"client_id", "1"},
                                                            {"family_name", "佐藤"},
                                                            {"status", "3"},
                                                            {"open_status", "2"},
                                                            {"trade_on", "2025-01-01"},
                                                            {"extension", "123456789"},
                                                            {"pref_id", "48"}});
  EXPECT_EQ(card.status, 400);
  EXPECT_THAT(ErrorFields(card),
              ElementsAre("extension", "pref_id", "status", "open_status", "trade_on"));
  HttpResult flag = client_->Post("leads/create",
                                  {{"client_id", "1"}, {"family_name", "x"}, {"store_flg", "yes"}});
  EXPECT_THAT(ErrorFields(flag), ElementsAre("store_flg"));
}

TEST_F(HotProfileEmulatorTest, UnknownClientIs422AndMissingIdIs404) {
  StartEmulator();
  HttpResult lead = client_->Post("leads/create", {{"client_id", "99"}, {"family_name", "x"}});
  EXPECT_EQ(lead.status, 422);
  EXPECT_THAT(ErrorFields(lead), ElementsAre("client_id"));

  ASSERT_EQ(NewClient(), 1);
  HttpResult update = client_->Post("clients/update", {{"id", "7"}, {"name", "x"}});
  EXPECT_EQ(update.status, 404);
  EXPECT_THAT(ErrorFields(update), ElementsAre("id"));

  ASSERT_EQ(client_->Create("leads", {{"client_id", "1"}, {"family_name", "x"}}), 1);
  EXPECT_EQ(client_->Post("leads/update", {{"id", "1"}, {"client_id", "5"}}).status, 422);
  EXPECT_EQ(client_->Post("leads/update", {{"id", "2"}, {"client_id", "1"}}).status, 404);
}

TEST_F(HotProfileEmulatorTest, UpdateReplacesAndClearsFieldsAndStampsUpdatedAt) {
  StartEmulator();
  ASSERT_EQ(NewClient(), 1);
  ASSERT_EQ(
      client_->Create(
          "leads",
          {{"client_id", "1"}, {"family_name", "田中"}, {"post", "課長"}, {"tel", "03-0000-0000"}}),
      1);
  clock_.Advance(absl::Hours(2));
  HttpResult update = client_->Post(
      "leads/update", {{"id", "1"}, {"client_id", "1"}, {"post", "部長"}, {"tel", ""}});
  ASSERT_EQ(update.status, 200) << update.body;
  EXPECT_EQ(update.json["id"].GetInt64(), 1);
  HttpResult blank =
      client_->Post("leads/update", {{"id", "1"}, {"client_id", "1"}, {"family_name", ""}});
  EXPECT_THAT(ErrorFields(blank), ElementsAre("family_name"));

  HttpResult leads = client_->Post("leads/get_entry_list_flow", {});
  const auto& lead = leads.json["leads"][0];
  EXPECT_STREQ(lead["post"].GetString(), "部長");
  EXPECT_TRUE(lead["tel"].IsNull());
  EXPECT_STREQ(lead["created_at"].GetString(), "2025/04/01 09:00:00");
  EXPECT_STREQ(lead["updated_at"].GetString(), "2025/04/01 11:00:00");
}

TEST_F(HotProfileEmulatorTest, RateLimitAnswers429WithRetryAfterUntilTheWindowMoves) {
  StartEmulator(/*rate_limit_calls=*/3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(client_->Post("clients/get_entry_list_flow", {}).status, 200);
    clock_.Advance(absl::Seconds(10));
  }
  HttpResult limited = client_->Post("clients/get_entry_list_flow", {});
  EXPECT_EQ(limited.status, 429);
  // The first call leaves the 60 s window 30 s from now.
  ASSERT_EQ(limited.headers.count("Retry-After"), 1u);
  EXPECT_EQ(limited.headers.find("Retry-After")->second, "30");
  // Unauthenticated calls do not consume the tenant's quota, and are still 401.
  EXPECT_EQ(TestClient(emulator_->base_url(), "bad").Post("leads/create", {}).status, 401);
  clock_.Advance(absl::Seconds(31));
  EXPECT_EQ(client_->Post("clients/get_entry_list_flow", {}).status, 200);
  EXPECT_EQ(emulator_->counters().Outcomes("clients/get_entry_list_flow", "429"), 1);
}

TEST_F(HotProfileEmulatorTest, AdminCountersFaultsAndReset) {
  StartEmulator(/*rate_limit_calls=*/0, /*demo_data=*/true);
  EXPECT_EQ(client_->Post("leads/get_entry_list_flow", {}).status, 200);
  EXPECT_EQ(client_->Post("leads/create", {{"client_id", "1"}}).status, 400);
  EXPECT_EQ(client_->Post("nothing/here", {}).status, 404);

  HttpResult counters = client_->Call("GET", "/admin/counters");
  ASSERT_EQ(counters.status, 200);
  EXPECT_EQ(counters.json["total_requests"].GetInt64(), 3);
  EXPECT_EQ(counters.json["outcomes"]["leads/get_entry_list_flow"]["ok"].GetInt64(), 1);
  EXPECT_EQ(counters.json["outcomes"]["leads/create"]["400"].GetInt64(), 1);
  EXPECT_EQ(emulator_->counters().Outcomes("unknown", "404"), 1);

  ASSERT_THAT(emulator_->faults().ApplyJson(R"({"down": true})"), IsOk());
  EXPECT_EQ(client_->Post("clients/get_entry_list_flow", {}).status, 503);
  ASSERT_THAT(emulator_->faults().ApplyJson(R"({"down": false, "error_rates": {"500": 1}})"),
              IsOk());
  EXPECT_EQ(client_->Post("clients/get_entry_list_flow", {}).status, 500);
  EXPECT_EQ(client_->Post("clients/create", {{"name", "x"}, {"name_disp", "x"}}).status, 500);
  EXPECT_EQ(emulator_->store().Size(ObjectKind::kClient), 10);  // the fault came first

  // Reset clears counters and faults, and restores the demo data.
  EXPECT_EQ(client_->Call("POST", "/admin/reset").status, 200);
  EXPECT_EQ(emulator_->counters().TotalRequests(), 0);
  HttpResult clients = client_->Post("clients/get_entry_list_flow", {});
  ASSERT_EQ(clients.status, 200);
  EXPECT_EQ(clients.json["pages"]["total_count"].GetInt64(), 10);
}

}  // namespace
}  // namespace leadgw::emulators::hotprofile
