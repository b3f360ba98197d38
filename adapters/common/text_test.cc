#include "adapters/common/text.h"

#include <string>

#include "adapters/common/invalid_field.h"
#include "gtest/gtest.h"

namespace leadgw::adapters::common {
namespace {

TEST(TextTest, Digits) {
  EXPECT_TRUE(IsDigits("0123"));
  EXPECT_FALSE(IsDigits(""));
  EXPECT_FALSE(IsDigits("12a"));
  EXPECT_FALSE(IsDigits("-1"));
}

TEST(InvalidFieldTest, NamesTheFieldInMessageAndPayload) {
  absl::Status status =
      InvalidField(JoinPath(IndexPath("cards", 2), "last_name"), "at most 100 characters");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "cards[2].last_name: at most 100 characters");
  EXPECT_EQ(status.GetPayload(kInvalidFieldPayloadUrl).value(), "cards[2].last_name");
  EXPECT_EQ(KeyPath("custom_fields", "not_mail_flg"), "custom_fields[\"not_mail_flg\"]");
  EXPECT_EQ(JoinPath("", "page_size"), "page_size");
}

}  // namespace
}  // namespace leadgw::adapters::common
