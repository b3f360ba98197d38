// Merge Leads and Associate Lead over loopback.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "emulators/marketo/testing_util.h"
#include "gtest/gtest.h"

namespace leadgw::emulators::marketo {
namespace {

using testing::EmulatorHarness;
using testing::JsonAnswer;

class LeadActionsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(h_.FetchToken().empty()); }

  int64_t Create(const std::string& record) {
    JsonAnswer a = h_.PostJson("/rest/v1/leads.json",
                               R"({"action":"createDuplicate","input":[)" + record + "]}");
    return a.ResultSize() == 1 && a.Result(0).HasMember("id") ? a.Result(0)["id"].GetInt64() : 0;
  }

  EmulatorHarness h_;
};

TEST_F(LeadActionsTest, MergeKeepsWinnerValuesFillsGapsAndRemovesLosers) {
  const int64_t winner = Create(R"({"email":"w@example.com","firstName":"Win","city":""})");
  const int64_t loser1 =
      Create(R"({"email":"l1@example.com","firstName":"Lose","city":"Osaka","title":"CTO"})");
  const int64_t loser2 = Create(R"({"email":"l2@example.com","phone":"+81-3-0000-0000"})");
  ASSERT_GT(winner, 0);
  ASSERT_TRUE(h_.PostJson(absl::StrCat("/rest/v1/lists/1002/leads.json"),
                          absl::StrCat(R"({"input":[{"id":)", loser1, "}]}"))
                  .Success());

  JsonAnswer a = h_.PostJson(
      absl::StrCat("/rest/v1/leads/", winner, "/merge.json?leadIds=", loser1, ",", loser2,
                   "&mergeInCRM=false"),
      "");
  ASSERT_TRUE(a.Success()) << a.body;
  EXPECT_FALSE(a.json.HasMember("result"));
  JsonAnswer merged = h_.Get(absl::StrCat("/rest/v1/lead/", winner,
                                          ".json?fields=email,firstName,city,title,phone"));
  const auto& lead = merged.Result(0);
  EXPECT_STREQ(lead["email"].GetString(), "w@example.com");
  EXPECT_STREQ(lead["firstName"].GetString(), "Win");
  EXPECT_STREQ(lead["city"].GetString(), "Osaka");
  EXPECT_STREQ(lead["title"].GetString(), "CTO");
  EXPECT_STREQ(lead["phone"].GetString(), "+81-3-0000-0000");
  EXPECT_EQ(h_.Get(absl::StrCat("/rest/v1/lead/", loser1, ".json")).ResultSize(), 0u);
  EXPECT_EQ(h_.Get(absl::StrCat("/rest/v1/lead/", loser2, ".json")).ResultSize(), 0u);
  // The loser's list membership moved to the winner.
  JsonAnswer lists = h_.Get(absl::StrCat("/rest/v1/leads/", winner, "/listMembership.json"));
  ASSERT_EQ(lists.ResultSize(), 1u);
  EXPECT_EQ(lists.Result(0)["listId"].GetInt(), 1002);
}

TEST_F(LeadActionsTest, MergeErrors) {
  EXPECT_EQ(h_.PostJson("/rest/v1/leads/318581/merge.json?leadId=999", "").ErrorCode(), "1004");
  EXPECT_EQ(h_.PostJson("/rest/v1/leads/999/merge.json?leadId=318581", "").ErrorCode(), "1004");
  // Nothing changed after a failed merge.
  EXPECT_EQ(h_.Get("/rest/v1/lead/318581.json").ResultSize(), 1u);
  std::vector<std::string> ids;
  for (int i = 0; i < 26; ++i) ids.push_back(absl::StrCat(318582 + i));
  EXPECT_EQ(h_.PostJson("/rest/v1/leads/318581/merge.json?leadIds=" + absl::StrJoin(ids, ","), "")
                .ErrorCode(),
            "1080");
  EXPECT_EQ(h_.PostJson("/rest/v1/leads/318581/merge.json", "").ErrorCode(), "701");
  EXPECT_EQ(h_.PostJson("/rest/v1/leads/318581/merge.json?leadId=318581", "").ErrorCode(),
            "1003");
  ids.pop_back();
  EXPECT_TRUE(h_.PostJson("/rest/v1/leads/318581/merge.json?leadIds=" + absl::StrJoin(ids, ","), "")
                  .Success());
  EXPECT_EQ(h_.emulator().store().LeadCount(), 40u - 25u);
}

TEST_F(LeadActionsTest, AssociateValidatesCookie) {
  const std::string cookie = "id:287-GTJ-838%26token:_mch-marketo.com-1396310362214-46169";
  JsonAnswer a = h_.PostJson("/rest/v1/leads/318590/associate.json?cookie=" + cookie, "");
  ASSERT_TRUE(a.Success()) << a.body;
  EXPECT_FALSE(a.json.HasMember("result"));
  JsonAnswer found = h_.Get("/rest/v1/leads.json?filterType=cookies&filterValues=" + cookie);
  ASSERT_EQ(found.ResultSize(), 1u);
  EXPECT_EQ(found.Result(0)["id"].GetInt64(), 318590);
  // Associating the cookie elsewhere moves it.
  ASSERT_TRUE(h_.PostJson("/rest/v1/leads/318591/associate.json?cookie=" + cookie, "").Success());
  found = h_.Get("/rest/v1/leads.json?filterType=cookies&filterValues=" + cookie);
  EXPECT_EQ(found.Result(0)["id"].GetInt64(), 318591);

  EXPECT_EQ(h_.PostJson("/rest/v1/leads/318590/associate.json?cookie=chocolate", "").ErrorCode(),
            "1012");
  EXPECT_EQ(h_.PostJson("/rest/v1/leads/318590/associate.json", "").ErrorCode(), "701");
  EXPECT_EQ(h_.PostJson("/rest/v1/leads/1/associate.json?cookie=" + cookie, "").ErrorCode(),
            "1004");
}

}  // namespace
}  // namespace leadgw::emulators::marketo
