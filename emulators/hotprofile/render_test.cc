#include "emulators/hotprofile/render.h"

#include <string>
#include <vector>

#include "emulators/hotprofile/text_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"

namespace leadgw::emulators::hotprofile {
namespace {

using ::testing::ElementsAre;

rapidjson::Document Parse(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  EXPECT_FALSE(doc.HasParseError()) << json;
  EXPECT_TRUE(doc.IsObject()) << json;
  return doc;
}

ListResult OneLead() {
  Record client;
  client.id = 7;
  client.values = {{"name", "株式会社テスト"}};
  Record lead;
  lead.id = 3;
  lead.values = {{"client_id", "7"},
                 {"family_name", "山田"},
                 {"first_name", "太郎"},
                 {"pref_id", "27"},
                 {"competitor_flg", "1"},
                 {"organization_id", "2"},
                 {"address", "大阪市北区梅田1-1 梅田ビル 3階"}};
  lead.tag_ids = {1, 4};
  lead.created_at = absl::FromCivil(absl::CivilSecond(2024, 5, 6, 7, 8, 9), JapanTimeZone());
  lead.updated_at = lead.created_at;
  ListResult result;
  result.records.push_back({lead, client});
  result.page = {2, 1, 5, 5};
  return result;
}

TEST(RenderTest, LeadUsesDocumentedKeysAndTypes) {
  const rapidjson::Document doc = Parse(RenderList(ObjectKind::kLead, OneLead()));
  ASSERT_TRUE(doc.HasMember("leads") && doc["leads"].IsArray());
  const auto& lead = doc["leads"][0];
  EXPECT_EQ(lead["id"].GetInt64(), 3);
  EXPECT_STREQ(lead["client_name"].GetString(), "株式会社テスト");
  EXPECT_STREQ(lead["name"].GetString(), "山田 太郎");
  EXPECT_STREQ(lead["pref"].GetString(), "大阪府");
  EXPECT_EQ(lead["pref_id"].GetInt64(), 27);
  EXPECT_STREQ(lead["competitor_flg"].GetString(), "1");
  EXPECT_STREQ(lead["store_flg"].GetString(), "0");
  EXPECT_STREQ(lead["created_at"].GetString(), "2024/05/06 07:08:09");
  EXPECT_STREQ(lead["address1"].GetString(), "大阪市北区梅田1-1");
  EXPECT_STREQ(lead["address3"].GetString(), "3階");
  EXPECT_STREQ(lead["tags"][1].GetString(), "要フォロー");
  EXPECT_STREQ(lead["organization_hierarchy"][0].GetString(), "営業本部");
  EXPECT_TRUE(lead["email"].IsNull());
  EXPECT_TRUE(lead["items"].IsArray());
  EXPECT_EQ(lead["total_count"].GetInt64(), 5);
  EXPECT_EQ(doc["pages"]["current_number"].GetInt64(), 2);
  EXPECT_EQ(doc["pages"]["total_number"].GetInt64(), 5);
}

TEST(RenderTest, BusinessCardHasOnlyItsDocumentedKeys) {
  ListResult result = OneLead();
  const rapidjson::Document doc = Parse(RenderList(ObjectKind::kBusinessCard, result));
  std::vector<std::string> keys;
  for (const auto& member : doc["business_cards"][0].GetObject()) {
    keys.push_back(member.name.GetString());
  }
  EXPECT_EQ(keys.size(), 31u);
  EXPECT_EQ(keys.front(), "id");
  EXPECT_EQ(keys.back(), "updated_at");
  EXPECT_EQ(std::count(keys.begin(), keys.end(), "family_name"), 0);
}

TEST(RenderTest, IdAndErrors) {
  EXPECT_EQ(RenderId(12), R"({"id":12})");
  EXPECT_EQ(RenderErrors({{"family_name", "too long"}, {"", "general"}}),
            R"({"errors":[{"field":"family_name","message":"too long"},)"
            R"({"field":null,"message":"general"}]})");
}

}  // namespace
}  // namespace leadgw::emulators::hotprofile
