// Lead field schema endpoints (list, get, create, update) over loopback.
#include <set>
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

class SchemaTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(h_.FetchToken().empty()); }
  EmulatorHarness h_;
};

TEST_F(SchemaTest, GetFieldByName) {
  JsonAnswer a = h_.Get("/rest/v1/leads/schema/fields/email.json");
  ASSERT_TRUE(a.Success()) << a.body;
  const auto& f = a.Result(0);
  EXPECT_STREQ(f["displayName"].GetString(), "Email Address");
  EXPECT_STREQ(f["dataType"].GetString(), "email");
  EXPECT_EQ(f["length"].GetInt(), 255);
  EXPECT_TRUE(f["description"].IsNull());
  EXPECT_FALSE(f["isCustom"].GetBool());
  for (const char* key : {"isHidden", "isHtmlEncodingInEmail", "isSensitive", "isApiCreated"}) {
    EXPECT_TRUE(f.HasMember(key)) << key;
  }
  EXPECT_EQ(h_.Get("/rest/v1/leads/schema/fields/nope.json").ErrorCode(), "1006");
}

TEST_F(SchemaTest, ListFieldsPages) {
  JsonAnswer all = h_.Get("/rest/v1/leads/schema/fields.json");
  ASSERT_TRUE(all.Success()) << all.body;
  const size_t total = all.ResultSize();
  EXPECT_GT(total, 50u);
  EXPECT_FALSE(all.json["moreResult"].GetBool());
  JsonAnswer first = h_.Get("/rest/v1/leads/schema/fields.json?batchSize=50");
  EXPECT_EQ(first.ResultSize(), 50u);
  ASSERT_TRUE(first.json["moreResult"].GetBool());
  std::string token;
  for (char c : std::string(first.json["nextPageToken"].GetString())) {
    token += c == '=' ? std::string("%3D") : std::string(1, c);
  }
  JsonAnswer second = h_.Get("/rest/v1/leads/schema/fields.json?batchSize=50&nextPageToken=" + token);
  EXPECT_EQ(second.ResultSize(), total - 50);
  EXPECT_FALSE(second.json["moreResult"].GetBool());
}

TEST_F(SchemaTest, CreateFieldsWithNameRules) {
  JsonAnswer a = h_.PostJson("/rest/v1/leads/schema/fields.json", R"({"input":[
      {"displayName":"Acme Access Code","name":"acmeAccessCode",
       "description":"Acme Direct Mail Integration","dataType":"string"},
      {"displayName":"Acme Mail Date","name":"acmeMailDate","dataType":"date"},
      {"displayName":"Duplicate","name":"ACMEACCESSCODE","dataType":"string"},
      {"displayName":"Bad Name","name":"1stField","dataType":"string"},
      {"displayName":"Bad Chars","name":"has-dash","dataType":"string"},
      {"displayName":"Bad Type","name":"badType","dataType":"blob"},
      {"displayName":"Bad! Display","name":"badDisplay","dataType":"string"},
      {"name":"noDisplay","dataType":"string"}]})");
  ASSERT_TRUE(a.Success()) << a.body;
  ASSERT_EQ(a.ResultSize(), 8u);
  EXPECT_STREQ(a.Result(0)["name"].GetString(), "acmeAccessCode");
  EXPECT_STREQ(a.Result(0)["status"].GetString(), "created");
  EXPECT_STREQ(a.Result(1)["status"].GetString(), "created");
  const std::vector<std::string> expected = {"1017", "1003", "1003", "1003", "1003", "1002"};
  for (size_t i = 2; i < 8; ++i) {
    EXPECT_STREQ(a.Result(i)["status"].GetString(), "skipped") << i;
    EXPECT_EQ(a.Result(i)["reasons"][0]["code"].GetString(), expected[i - 2]) << i;
  }
  JsonAnswer f = h_.Get("/rest/v1/leads/schema/fields/acmeAccessCode.json");
  EXPECT_TRUE(f.Result(0)["isCustom"].GetBool());
  EXPECT_TRUE(f.Result(0)["isApiCreated"].GetBool());
  EXPECT_STREQ(f.Result(0)["description"].GetString(), "Acme Direct Mail Integration");

  // The new field is writable and, being a string, searchable.
  JsonAnswer sync = h_.PostJson("/rest/v1/leads.json",
      R"({"input":[{"email":"john.doe@example.com","acmeAccessCode":"Z9"}]})");
  EXPECT_STREQ(sync.Result(0)["status"].GetString(), "updated");
  JsonAnswer found = h_.Get("/rest/v1/leads.json?filterType=acmeAccessCode&filterValues=Z9");
  ASSERT_EQ(found.ResultSize(), 1u);
  EXPECT_EQ(found.Result(0)["id"].GetInt64(), 318581);

  std::vector<std::string> many;
  for (int i = 0; i < 101; ++i) {
    many.push_back(absl::StrCat(R"({"displayName":"F )", i, R"(","name":"f)", i,
                                R"(","dataType":"string"})"));
  }
  EXPECT_EQ(h_.PostJson("/rest/v1/leads/schema/fields.json",
                        "{\"input\":[" + absl::StrJoin(many, ",") + "]}")
                .ErrorCode(),
            "1003");
}

TEST_F(SchemaTest, UpdateOneField) {
  JsonAnswer a = h_.PostJson("/rest/v1/leads/schema/fields/accountCode.json",
      R"({"input":[{"displayName":"Customer Account Code","description":"ERP key",
          "isHidden":true}]})");
  ASSERT_TRUE(a.Success()) << a.body;
  EXPECT_STREQ(a.Result(0)["name"].GetString(), "accountCode");
  EXPECT_STREQ(a.Result(0)["status"].GetString(), "updated");
  JsonAnswer f = h_.Get("/rest/v1/leads/schema/fields/accountCode.json");
  EXPECT_STREQ(f.Result(0)["displayName"].GetString(), "Customer Account Code");
  EXPECT_STREQ(f.Result(0)["description"].GetString(), "ERP key");
  EXPECT_TRUE(f.Result(0)["isHidden"].GetBool());
  EXPECT_EQ(h_.PostJson("/rest/v1/leads/schema/fields/nope.json",
                        R"({"input":[{"description":"x"}]})")
                .ErrorCode(),
            "1006");
  EXPECT_EQ(h_.PostJson("/rest/v1/leads/schema/fields/accountCode.json",
                        R"({"input":[{"displayName":"Email Address"}]})")
                .ErrorCode(),
            "1017");
  EXPECT_EQ(h_.PostJson("/rest/v1/leads/schema/fields/accountCode.json", R"({"input":[{},{}]})")
                .ErrorCode(),
            "1003");
}

}  // namespace
}  // namespace leadgw::emulators::marketo
