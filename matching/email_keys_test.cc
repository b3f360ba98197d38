#include "matching/email_keys.h"

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leadgw::matching {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Key(absl::string_view email) {
  absl::StatusOr<std::string> key = EmailKey(email);
  EXPECT_TRUE(key.ok()) << email << ": " << key.status();
  return key.value_or("<error>");
}

std::string ErrorOf(absl::string_view email) {
  absl::StatusOr<std::string> key = EmailKey(email);
  EXPECT_EQ(key.status().code(), absl::StatusCode::kInvalidArgument) << email;
  return std::string(key.status().message());
}

std::optional<std::string> Domain(absl::string_view email) {
  absl::StatusOr<std::optional<std::string>> domain = CompanyMailDomain(email);
  EXPECT_TRUE(domain.ok()) << email << ": " << domain.status();
  return domain.value_or("<error>");
}

TEST(EmailKeyTest, TrimsAndFoldsWidth) {
  EXPECT_EQ(Key("  taro@example.co.jp\u3000"), "taro@example.co.jp");
  EXPECT_EQ(Key("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏ．ｊｐ"), "taro@example.co.jp");
}

TEST(EmailKeyTest, LowerCasesDomainAndLocalPart) {
  EXPECT_EQ(Key("Taro.Yamada@Example.CO.JP"), "taro.yamada@example.co.jp");
}

TEST(EmailKeyTest, KeepsProviderSpecificCharacters) {
  EXPECT_EQ(Key("taro.yamada+news@gmail.com"), "taro.yamada+news@gmail.com");
  EXPECT_NE(Key("taro.yamada@gmail.com"), Key("taroyamada@gmail.com"));
}

TEST(EmailKeyTest, DropsTheTrailingDotOfTheDomain) {
  EXPECT_EQ(Key("taro@example.co.jp."), "taro@example.co.jp");
}

TEST(EmailKeyTest, MalformedAddressesAreInvalidArgument) {
  EXPECT_THAT(ErrorOf(""), HasSubstr("empty"));
  EXPECT_THAT(ErrorOf("taro.example.co.jp"), HasSubstr("no @"));
  EXPECT_THAT(ErrorOf("taro@@example.co.jp"), HasSubstr("more than one @"));
  EXPECT_THAT(ErrorOf("@example.co.jp"), HasSubstr("local part is empty"));
  EXPECT_THAT(ErrorOf("taro@"), HasSubstr("domain is empty"));
  EXPECT_THAT(ErrorOf("taro@localhost"), HasSubstr("no dot"));
  EXPECT_THAT(ErrorOf("taro@example..jp"), HasSubstr("empty label"));
  EXPECT_THAT(ErrorOf("taro yamada@example.co.jp"), HasSubstr("white space"));
  EXPECT_THAT(ErrorOf("taro@example.co.jp\xff"), HasSubstr("UTF-8"));
}

TEST(EmailKeyTest, ErrorsDoNotRepeatTheAddress) {
  EXPECT_THAT(ErrorOf("secret.person@localhost"), Not(HasSubstr("secret")));
}

TEST(CompanyMailDomainTest, CompanyDomainIsLowerCase) {
  EXPECT_EQ(Domain("Taro@Sony.CO.JP"), "sony.co.jp");
  EXPECT_EQ(Domain("taro@ｓｏｎｙ．ｃｏ．ｊｐ"), "sony.co.jp");
}

TEST(CompanyMailDomainTest, FreeAndCarrierMailIsNoCompanyKey) {
  for (const char* email :
       {"taro@gmail.com", "taro@yahoo.co.jp", "taro@icloud.com", "taro@outlook.jp",
        "taro@hotmail.co.jp", "taro@docomo.ne.jp", "taro@ezweb.ne.jp", "taro@softbank.ne.jp",
        "taro@i.softbank.jp", "Taro@GMAIL.COM", "taro@ｙａｈｏｏ．ｃｏ．ｊｐ"}) {
    EXPECT_EQ(Domain(email), std::nullopt) << email;
  }
}

TEST(CompanyMailDomainTest, SubdomainsOfFreeMailAreFreeButLookalikesAreNot) {
  EXPECT_TRUE(IsFreeMailDomain("mail.yahoo.co.jp"));
  EXPECT_FALSE(IsFreeMailDomain("notgmail.com"));
  EXPECT_FALSE(IsFreeMailDomain("gmail.com.example.jp"));
}

TEST(CompanyMailDomainTest, ErrorsAsEmailKey) {
  EXPECT_EQ(CompanyMailDomain("no-at-sign").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace leadgw::matching
