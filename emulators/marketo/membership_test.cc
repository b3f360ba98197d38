// Static list members, list/program/smart campaign membership and leads by program.
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "emulators/marketo/demo_data.h"
#include "emulators/marketo/testing_util.h"
#include "gtest/gtest.h"

namespace leadgw::emulators::marketo {
namespace {

using testing::EmulatorHarness;
using testing::JsonAnswer;

class MembershipTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(h_.FetchToken().empty()); }

  // Walks every page of `path` (which has a query) with `batch`; returns all results'
  // `key` values and counts pages.
  std::multiset<int64_t> Walk(const std::string& path, int batch, const char* key, int* pages) {
    std::multiset<int64_t> out;
    std::string token;
    *pages = 0;
    while (*pages < 50) {
      ++*pages;
      std::string url = absl::StrCat(path, "&batchSize=", batch);
      if (!token.empty()) url += "&nextPageToken=" + token;
      JsonAnswer a = h_.Get(url);
      EXPECT_TRUE(a.Success()) << a.body;
      for (size_t i = 0; i < a.ResultSize(); ++i) out.insert(a.Result(i)[key].GetInt64());
      if (!a.json.HasMember("moreResult") || !a.json["moreResult"].GetBool()) break;
      token.clear();
      for (char c : std::string(a.json["nextPageToken"].GetString())) {
        token += c == '=' ? std::string("%3D") : std::string(1, c);
      }
    }
    return out;
  }

  EmulatorHarness h_;
};

TEST_F(MembershipTest, LeadsByListPagesBothPaths) {
  int pages = 0;
  std::multiset<int64_t> ids = Walk("/rest/v1/list/1001/leads.json?fields=id,email", 7, "id", &pages);
  ASSERT_GT(ids.size(), 20u);
  EXPECT_EQ(pages, static_cast<int>((ids.size() + 6) / 7));
  EXPECT_EQ(std::set<int64_t>(ids.begin(), ids.end()).size(), ids.size());
  int pages2 = 0;
  EXPECT_EQ(Walk("/rest/v1/lists/1001/leads.json?fields=id,email", 300, "id", &pages2), ids);
  EXPECT_EQ(pages2, 1);
  EXPECT_EQ(h_.Get("/rest/v1/list/4242/leads.json").ErrorCode(), "1013");
}

TEST_F(MembershipTest, AddRemoveAndIsMember) {
  JsonAnswer add = h_.PostJson("/rest/v1/lists/1003/leads.json",
                               R"({"input":[{"id":318581},{"id":1}]})");
  ASSERT_TRUE(add.Success()) << add.body;
  EXPECT_STREQ(add.Result(0)["status"].GetString(), "added");
  EXPECT_STREQ(add.Result(1)["reasons"][0]["code"].GetString(), "1004");
  JsonAnswer is = h_.Get("/rest/v1/lists/1003/leads/ismember.json?id=318581,318582");
  EXPECT_STREQ(is.Result(0)["status"].GetString(), "memberof");
  EXPECT_STREQ(is.Result(1)["status"].GetString(), "notmemberof");
  JsonAnswer remove = h_.Delete("/rest/v1/lists/1003/leads.json",
                                R"({"input":[{"id":318581},{"id":318582}]})");
  ASSERT_TRUE(remove.Success()) << remove.body;
  EXPECT_STREQ(remove.Result(0)["status"].GetString(), "removed");
  EXPECT_STREQ(remove.Result(1)["reasons"][0]["code"].GetString(), "1015");
}

TEST_F(MembershipTest, UnknownLeadsAreSkippedWith1004AndUnknownListsAre1013) {
  JsonAnswer is = h_.Get("/rest/v1/lists/1003/leads/ismember.json?id=1,318581");
  ASSERT_TRUE(is.Success()) << is.body;
  EXPECT_STREQ(is.Result(0)["status"].GetString(), "skipped");
  EXPECT_STREQ(is.Result(0)["reasons"][0]["code"].GetString(), "1004");
  EXPECT_STREQ(is.Result(1)["status"].GetString(), "notmemberof");
  JsonAnswer remove = h_.Delete("/rest/v1/lists/1003/leads.json?id=1", "");
  ASSERT_TRUE(remove.Success()) << remove.body;
  EXPECT_STREQ(remove.Result(0)["reasons"][0]["code"].GetString(), "1004");
  EXPECT_EQ(h_.PostJson("/rest/v1/lists/4242/leads.json", R"({"input":[{"id":318581}]})")
                .ErrorCode(),
            "1013");
  EXPECT_EQ(h_.Delete("/rest/v1/lists/4242/leads.json?id=318581", "").ErrorCode(), "1013");
  EXPECT_EQ(h_.Get("/rest/v1/lists/4242/leads/ismember.json?id=318581").ErrorCode(), "1013");
}

TEST_F(MembershipTest, SyncProgramMemberStatusPerRecord) {
  JsonAnswer set = h_.PostJson("/rest/v1/programs/1044/members/status.json",
                               R"({"statusName":"Attended","input":[{"leadId":318581},{"leadId":1}]})");
  ASSERT_TRUE(set.Success()) << set.body;
  ASSERT_EQ(set.ResultSize(), 2u);
  EXPECT_STREQ(set.Result(0)["status"].GetString(), "updated");
  EXPECT_EQ(set.Result(0)["leadId"].GetInt64(), 318581);
  EXPECT_EQ(set.Result(0)["seq"].GetInt(), 0);
  EXPECT_FALSE(set.Result(0).HasMember("id"));
  EXPECT_STREQ(set.Result(1)["status"].GetString(), "skipped");
  EXPECT_STREQ(set.Result(1)["reasons"][0]["code"].GetString(), "1004");
  EXPECT_EQ(set.Result(1)["seq"].GetInt(), 1);
  JsonAnswer membership =
      h_.Get("/rest/v1/leads/318581/programMembership.json?filterType=programId&filterValues=1044");
  ASSERT_EQ(membership.ResultSize(), 1u) << membership.body;
  EXPECT_STREQ(membership.Result(0)["progressionStatus"].GetString(), "Attended");

  EXPECT_EQ(h_.PostJson("/rest/v1/programs/5/members/status.json",
                        R"({"statusName":"Attended","input":[{"leadId":318581}]})")
                .ErrorCode(),
            "1013");
  EXPECT_EQ(h_.PostJson("/rest/v1/programs/1044/members/status.json",
                        R"({"input":[{"leadId":318581}]})")
                .ErrorCode(),
            "701");
}

TEST_F(MembershipTest, ListAndSmartCampaignMembershipOfLead) {
  JsonAnswer lists = h_.Get("/rest/v1/leads/318581/listMembership.json?batchSize=1");
  ASSERT_TRUE(lists.Success()) << lists.body;
  ASSERT_EQ(lists.ResultSize(), 1u);
  EXPECT_EQ(lists.Result(0)["listId"].GetInt(), kDemoNewsletterListId);
  EXPECT_TRUE(lists.Result(0).HasMember("createdAt"));
  EXPECT_TRUE(lists.json["moreResult"].GetBool());  // also in the webinar list
  int pages = 0;
  EXPECT_EQ(Walk("/rest/v1/leads/318581/listMembership.json?x=1", 1, "listId", &pages),
            (std::multiset<int64_t>{1001, 1002}));

  std::multiset<int64_t> campaigns =
      Walk("/rest/v1/leads/318581/smartCampaignMembership.json?x=1", 1, "smartCampaignId", &pages);
  EXPECT_EQ(campaigns, (std::multiset<int64_t>{3678}));
  JsonAnswer later = h_.Get(
      "/rest/v1/leads/318581/smartCampaignMembership.json?earliestUpdatedAt=2030-01-01T00:00:00Z");
  EXPECT_EQ(later.ResultSize(), 0u);
  EXPECT_EQ(h_.Get("/rest/v1/leads/318581/smartCampaignMembership.json?earliestUpdatedAt=yesterday")
                .ErrorCode(),
            "704");
  EXPECT_EQ(h_.Get("/rest/v1/leads/999/listMembership.json").ResultSize(), 0u);
}

TEST_F(MembershipTest, ProgramMembershipWithFilterAndEngagementFields) {
  JsonAnswer all = h_.Get("/rest/v1/leads/318581/programMembership.json");
  ASSERT_EQ(all.ResultSize(), 2u) << all.body;
  JsonAnswer nurture =
      h_.Get("/rest/v1/leads/318581/programMembership.json?filterType=programId&filterValues=1127");
  ASSERT_EQ(nurture.ResultSize(), 1u);
  const auto& m = nurture.Result(0);
  EXPECT_EQ(m["id"].GetInt(), kDemoNurtureProgramId);
  for (const char* key : {"progressionStatus", "isExhausted", "acquiredBy", "reachedSuccess",
                          "membershipDate", "updatedAt", "stream", "nurtureCadence"}) {
    EXPECT_TRUE(m.HasMember(key)) << key;
  }
  JsonAnswer launch =
      h_.Get("/rest/v1/leads/318581/programMembership.json?filterType=programId&filterValues=1044");
  EXPECT_FALSE(launch.Result(0).HasMember("stream"));
  EXPECT_EQ(h_.Get("/rest/v1/leads/318581/programMembership.json?filterType=name&filterValues=x")
                .ErrorCode(),
            "1003");
}

TEST_F(MembershipTest, LeadsByProgramCarryMembership) {
  int pages = 0;
  std::multiset<int64_t> ids = Walk("/rest/v1/leads/programs/1127.json?fields=id,email", 3, "id", &pages);
  EXPECT_EQ(ids.size(), 14u);  // every third demo lead
  EXPECT_EQ(pages, 5);
  JsonAnswer a = h_.Get("/rest/v1/leads/programs/1127.json?batchSize=1");
  const auto& lead = a.Result(0);
  EXPECT_TRUE(lead.HasMember("firstName"));
  ASSERT_TRUE(lead.HasMember("membership"));
  EXPECT_STREQ(lead["membership"]["progressionStatus"].GetString(), "Visited");
  EXPECT_TRUE(lead["membership"].HasMember("nurtureCadence"));
  JsonAnswer launch = h_.Get("/rest/v1/leads/programs/1044.json?batchSize=1&fields=email,membership");
  EXPECT_EQ(launch.Result(0).MemberCount(), 2u);
  EXPECT_FALSE(launch.Result(0)["membership"].HasMember("stream"));
  EXPECT_EQ(h_.Get("/rest/v1/leads/programs/5.json").ErrorCode(), "1013");
}

}  // namespace
}  // namespace leadgw::emulators::marketo
