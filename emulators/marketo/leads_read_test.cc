// describe, Get Lead by Id and Get Leads by Filter Type over loopback.
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "emulators/common/json_util.h"
#include "emulators/marketo/testing_util.h"
#include "gtest/gtest.h"

namespace leadgw::emulators::marketo {
namespace {

using testing::EmulatorHarness;
using testing::JsonAnswer;

class LeadsReadTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(h_.FetchToken().empty()); }
  EmulatorHarness h_;
};

TEST_F(LeadsReadTest, DescribeListsFieldsWithRestAndSoapNames) {
  JsonAnswer a = h_.Get("/rest/v1/leads/describe.json");
  ASSERT_TRUE(a.Success()) << a.body;
  bool found_company = false;
  for (size_t i = 0; i < a.ResultSize(); ++i) {
    const auto& f = a.Result(i);
    ASSERT_TRUE(f.HasMember("id") && f.HasMember("displayName") && f.HasMember("dataType"));
    if (std::string(f["rest"]["name"].GetString()) == "company") {
      found_company = true;
      EXPECT_STREQ(f["dataType"].GetString(), "string");
      EXPECT_EQ(f["length"].GetInt(), 255);
      EXPECT_FALSE(f["rest"]["readOnly"].GetBool());
      EXPECT_STREQ(f["soap"]["name"].GetString(), "Company");
    }
  }
  EXPECT_TRUE(found_company);
  EXPECT_GT(a.ResultSize(), 40u);
}

TEST_F(LeadsReadTest, Describe2HasSearchableFields) {
  JsonAnswer a = h_.Get("/rest/v1/leads/describe2.json");
  ASSERT_TRUE(a.Success()) << a.body;
  ASSERT_EQ(a.ResultSize(), 1u);
  EXPECT_STREQ(a.Result(0)["name"].GetString(), "API Lead");
  std::set<std::string> searchable;
  for (const auto& group : a.Result(0)["searchableFields"].GetArray()) {
    searchable.insert(group[0].GetString());
  }
  EXPECT_TRUE(searchable.count("email"));
  EXPECT_TRUE(searchable.count("id"));
  EXPECT_FALSE(searchable.count("firstName"));
  EXPECT_TRUE(a.Result(0)["fields"][0].HasMember("updateable"));
}

TEST_F(LeadsReadTest, GetByIdReturnsDefaultFields) {
  JsonAnswer a = h_.Get("/rest/v1/lead/318581.json");
  ASSERT_TRUE(a.Success()) << a.body;
  ASSERT_EQ(a.ResultSize(), 1u);
  const auto& lead = a.Result(0);
  std::set<std::string> keys;
  for (auto it = lead.MemberBegin(); it != lead.MemberEnd(); ++it) keys.insert(it->name.GetString());
  EXPECT_EQ(keys, (std::set<std::string>{"id", "email", "updatedAt", "createdAt", "lastName",
                                         "firstName"}));
  EXPECT_EQ(lead["id"].GetInt64(), 318581);
  EXPECT_STREQ(lead["createdAt"].GetString(), "2024-01-15T09:00:00Z");
}

TEST_F(LeadsReadTest, GetByIdFieldSelectionAndErrors) {
  JsonAnswer a = h_.Get("/rest/v1/lead/318613.json?fields=email,company,leadScore,lastNameKana");
  ASSERT_TRUE(a.Success()) << a.body;
  const auto& lead = a.Result(0);
  EXPECT_EQ(lead.MemberCount(), 4u);
  EXPECT_STREQ(lead["company"].GetString(), "山田商事株式会社");
  EXPECT_STREQ(lead["lastNameKana"].GetString(), "ヤマダ");
  EXPECT_TRUE(lead["leadScore"].IsInt64());

  // A field without a value is omitted.
  JsonAnswer sparse = h_.Get("/rest/v1/lead/318581.json?fields=id,fax");
  EXPECT_EQ(sparse.Result(0).MemberCount(), 1u);

  EXPECT_EQ(h_.Get("/rest/v1/lead/318581.json?fields=email,noSuchField").ErrorCode(), "1006");
  JsonAnswer missing = h_.Get("/rest/v1/lead/999999.json");
  EXPECT_TRUE(missing.Success());
  EXPECT_EQ(missing.ResultSize(), 0u);
}

TEST_F(LeadsReadTest, FilterByEmailAndUnsupportedFilterType) {
  JsonAnswer a = h_.Get(
      "/rest/v1/leads.json?filterType=email&filterValues=john.doe@example.com,"
      "ADA.LOVELACE@example.com,nobody@example.com");
  ASSERT_TRUE(a.Success()) << a.body;
  EXPECT_EQ(a.ResultSize(), 2u);
  JsonAnswer none = h_.Get("/rest/v1/leads.json?filterType=email&filterValues=x@y.z");
  EXPECT_TRUE(none.Success());
  EXPECT_EQ(none.ResultSize(), 0u);
  EXPECT_EQ(h_.Get("/rest/v1/leads.json?filterType=firstName&filterValues=John").ErrorCode(),
            "1011");
  EXPECT_EQ(h_.Get("/rest/v1/leads.json?filterValues=John").ErrorCode(), "701");
}

TEST_F(LeadsReadTest, FilterPagesWithBoundTokens) {
  const std::string query = "/rest/v1/leads.json?filterType=leadPartitionId&filterValues=1";
  std::set<int64_t> seen;
  std::string token;
  int pages = 0;
  for (; pages < 10; ++pages) {
    std::string path = query + "&batchSize=10";
    if (!token.empty()) path += "&nextPageToken=" + token;
    JsonAnswer a = h_.Get(path);
    ASSERT_TRUE(a.Success()) << a.body;
    for (size_t i = 0; i < a.ResultSize(); ++i) seen.insert(a.Result(i)["id"].GetInt64());
    ASSERT_TRUE(a.json.HasMember("moreResult"));
    if (!a.json["moreResult"].GetBool()) {
      EXPECT_FALSE(a.json.HasMember("nextPageToken"));
      break;
    }
    token = a.json["nextPageToken"].GetString();
    // '=' padding must be URL-encoded by clients; do it here as a client would.
    std::string encoded;
    for (char c : token) encoded += c == '=' ? std::string("%3D") : std::string(1, c);
    token = encoded;
  }
  EXPECT_EQ(pages, 3);  // 32 Default-partition leads: 10 + 10 + 10 + 2
  EXPECT_EQ(seen.size(), 32u);

  // A token is bound to its query.
  JsonAnswer first = h_.Get(query + "&batchSize=10");
  std::string other = "/rest/v1/leads.json?filterType=leadPartitionId&filterValues=2&nextPageToken=";
  for (char c : std::string(first.json["nextPageToken"].GetString())) {
    other += c == '=' ? std::string("%3D") : std::string(1, c);
  }
  EXPECT_EQ(h_.Get(other).ErrorCode(), "1003");
  EXPECT_EQ(h_.Get(query + "&batchSize=301").ErrorCode(), "1003");
  EXPECT_EQ(h_.Get(query + "&batchSize=0").ErrorCode(), "1003");
}

TEST_F(LeadsReadTest, AtMost300FilterValues) {
  std::vector<std::string> ids;
  for (int i = 0; i < 301; ++i) ids.push_back(absl::StrCat(318581 + i));
  EXPECT_EQ(h_.Get("/rest/v1/leads.json?filterType=id&filterValues=" + absl::StrJoin(ids, ","))
                .ErrorCode(),
            "1003");
  ids.pop_back();
  JsonAnswer ok = h_.Get("/rest/v1/leads.json?filterType=id&filterValues=" + absl::StrJoin(ids, ","));
  ASSERT_TRUE(ok.Success()) << ok.body;
  EXPECT_EQ(ok.ResultSize(), 40u);
}

TEST_F(LeadsReadTest, MoreThan1000MatchesIs1003) {
  for (int i = 0; i < 1000; ++i) {
    FieldMap f;
    f["email"] = FieldValue::String(absl::StrCat("bulk", i, "@example.org"));
    h_.emulator().store().InsertLead(f, 1);
  }
  JsonAnswer a = h_.Get("/rest/v1/leads.json?filterType=leadPartitionId&filterValues=1");
  EXPECT_EQ(a.ErrorCode(), "1003");
  EXPECT_NE(a.body.find("Too many results match the filter"), std::string::npos);
  // Japan has 8 leads: still fine.
  EXPECT_TRUE(h_.Get("/rest/v1/leads.json?filterType=leadPartitionId&filterValues=2").Success());
}

TEST_F(LeadsReadTest, PostWithMethodGetEqualsGetEvenBeyond8Kb) {
  const std::string query =
      "filterType=email&filterValues=john.doe@example.com,grace.hopper@example.com"
      "&fields=email,firstName,company";
  JsonAnswer get = h_.Get("/rest/v1/leads.json?" + query);
  JsonAnswer post = h_.PostForm("/rest/v1/leads.json?_method=GET", query);
  ASSERT_TRUE(get.Success()) << get.body;
  ASSERT_TRUE(post.Success()) << post.body;
  EXPECT_EQ(common::ToJsonString(get.json["result"]), common::ToJsonString(post.json["result"]));
  EXPECT_EQ(h_.emulator().counters().Requests("get_leads_by_filter"), 2);

  // 250 addresses of ~40 bytes: a 10 KB query.
  std::vector<std::string> emails;
  for (int i = 0; i < 249; ++i) emails.push_back(absl::StrCat("someone-number-", i, "@long-domain.example"));
  emails.push_back("ada.lovelace@example.com");
  const std::string long_query =
      "filterType=email&filterValues=" + absl::StrJoin(emails, ",") + "&fields=email";
  ASSERT_GT(long_query.size(), 8192u);
  JsonAnswer too_long = h_.Get("/rest/v1/leads.json?" + long_query);
  EXPECT_EQ(too_long.status, 414);
  JsonAnswer as_form = h_.PostForm("/rest/v1/leads.json?_method=GET", long_query);
  ASSERT_EQ(as_form.status, 200);
  ASSERT_TRUE(as_form.Success()) << as_form.body;
  EXPECT_EQ(as_form.ResultSize(), 1u);
}

TEST_F(LeadsReadTest, UriJustOver8KbIs414AndJustUnderPasses) {
  // The path+query alone decides, not the whole request line.
  const std::string prefix = "/rest/v1/leads.json?filterType=email&filterValues=a@b.c&x=";
  std::string over = prefix + std::string(8193 - prefix.size(), 'x');
  ASSERT_EQ(over.size(), 8193u);
  EXPECT_EQ(h_.Get(over).status, 414);
  std::string under = prefix + std::string(8100 - prefix.size(), 'x');
  EXPECT_EQ(h_.Get(under).status, 200);
}

}  // namespace
}  // namespace leadgw::emulators::marketo
