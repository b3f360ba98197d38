#include "tools/leadctl/lead_mapping.h"

#include <string>

#include "gtest/gtest.h"

namespace leadgw::leadctl {
namespace {

google::protobuf::Value Text(const std::string& text) {
  google::protobuf::Value value;
  value.set_string_value(text);
  return value;
}

TEST(LeadMappingTest, TypedFieldsAddressAndCustomFields) {
  google::protobuf::Value score;
  score.set_number_value(45);
  auto lead = LeadFromFields({{"email", Text("a@example.com")},
                              {"last_name", Text("山田")},
                              {"address.city", Text("千代田区")},
                              {"address.prefecture_code", Text("13")},
                              {"leadScore", score},
                              {"nickname", Text("Taro")}});
  ASSERT_TRUE(lead.ok()) << lead.status();
  EXPECT_EQ(lead->email(), "a@example.com");
  EXPECT_EQ(lead->last_name(), "山田");
  EXPECT_EQ(lead->address().city(), "千代田区");
  EXPECT_EQ(lead->address().prefecture_code(), 13);
  EXPECT_FALSE(lead->has_phone());  // not given stays unset
  EXPECT_EQ(lead->custom_fields().at("leadScore").number_value(), 45);
  EXPECT_EQ(lead->custom_fields().at("nickname").string_value(), "Taro");
}

TEST(LeadMappingTest, ConsentFromCsvTextOrJsonBooleans) {
  google::protobuf::Value yes;
  yes.set_bool_value(true);
  auto lead = LeadFromFields(
      {{"email_opt_out", yes}, {"phone_opt_out", Text("0")}, {"fax_opt_out", Text("TRUE")}});
  ASSERT_TRUE(lead.ok()) << lead.status();
  EXPECT_TRUE(lead->email_opt_out());
  ASSERT_TRUE(lead->has_phone_opt_out());
  EXPECT_FALSE(lead->phone_opt_out());
  EXPECT_TRUE(lead->fax_opt_out());
  EXPECT_FALSE(lead->has_mail_opt_out());
  const auto refused = LeadFromFields({{"mail_opt_out", Text("yes")}});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(), "mail_opt_out: wants true or false");
}

TEST(LeadMappingTest, WrongKindsAndUnwritableFieldsAreErrors) {
  google::protobuf::Value number;
  number.set_number_value(1);
  EXPECT_FALSE(LeadFromFields({{"email", number}}).ok());
  EXPECT_FALSE(LeadFromFields({{"address.prefecture_code", Text("Tokyo")}}).ok());
  EXPECT_FALSE(LeadFromFields({{"tags", Text("a")}}).ok());
  EXPECT_FALSE(LeadFromFields({{"created_at", Text("2024-01-01")}}).ok());
  EXPECT_FALSE(LeadFromFields({{"address", Text("1 Main St")}}).ok());
}

}  // namespace
}  // namespace leadgw::leadctl
