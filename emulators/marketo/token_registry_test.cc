#include "emulators/marketo/token_registry.h"

#include "gtest/gtest.h"

namespace leadgw::emulators::marketo {
namespace {

class TokenRegistryTest : public ::testing::Test {
 protected:
  TokenRegistry registry_{"id", "secret", absl::Seconds(100), [this] { return now_; }};
  absl::Time now_ = absl::FromUnixSeconds(1000);
};

TEST_F(TokenRegistryTest, SameTokenUntilExpiryWithRemainingLifetime) {
  auto t1 = registry_.Issue("id", "secret");
  ASSERT_TRUE(t1.has_value());
  EXPECT_EQ(t1->expires_in_seconds, 100);
  now_ += absl::Seconds(40);
  auto t2 = registry_.Issue("id", "secret");
  EXPECT_EQ(t2->access_token, t1->access_token);
  EXPECT_EQ(t2->expires_in_seconds, 60);
  EXPECT_EQ(registry_.Validate(t1->access_token), TokenRegistry::Check::kValid);
  now_ += absl::Seconds(60);
  auto t3 = registry_.Issue("id", "secret");
  EXPECT_NE(t3->access_token, t1->access_token);
  // The old token was never used after expiry: first use is 602, then 601.
  EXPECT_EQ(registry_.Validate(t1->access_token), TokenRegistry::Check::kExpired);
  EXPECT_EQ(registry_.Validate(t1->access_token), TokenRegistry::Check::kInvalid);
  EXPECT_EQ(registry_.Validate(t3->access_token), TokenRegistry::Check::kValid);
}

TEST_F(TokenRegistryTest, WrongCredentialsAndUnknownTokens) {
  EXPECT_FALSE(registry_.Issue("id", "nope").has_value());
  EXPECT_FALSE(registry_.Issue("other", "secret").has_value());
  EXPECT_EQ(registry_.Validate(""), TokenRegistry::Check::kInvalid);
  EXPECT_EQ(registry_.Validate("abc:int"), TokenRegistry::Check::kInvalid);
}

TEST_F(TokenRegistryTest, ExpireAll) {
  auto t = registry_.Issue("id", "secret");
  registry_.ExpireAll();
  EXPECT_EQ(registry_.Validate(t->access_token), TokenRegistry::Check::kExpired);
  EXPECT_EQ(registry_.Validate(t->access_token), TokenRegistry::Check::kInvalid);
  registry_.ExpireAll();  // nothing live: harmless
  EXPECT_NE(registry_.Issue("id", "secret")->access_token, t->access_token);
}

}  // namespace
}  // namespace leadgw::emulators::marketo
