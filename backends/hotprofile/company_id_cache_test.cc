#include "backends/hotprofile/company_id_cache.h"

#include "gtest/gtest.h"

namespace leadgw::backends::hotprofile {
namespace {

class CompanyIdCacheTest : public ::testing::Test {
 protected:
  absl::Time now_ = absl::FromUnixSeconds(1800000000);
  CompanyIdCache cache_{absl::Minutes(10), 3, [this] { return now_; }};
};

TEST_F(CompanyIdCacheTest, KeepsIdsAndKnownAbsencesUntilTheyExpire) {
  EXPECT_FALSE(cache_.Find("株式会社さくら電機").has_value());
  cache_.Put("株式会社さくら電機", "12");
  cache_.Put("東京商事", std::nullopt);
  EXPECT_EQ(cache_.Find("株式会社さくら電機"), std::optional<std::string>("12"));
  auto absent = cache_.Find("東京商事");
  ASSERT_TRUE(absent.has_value());
  EXPECT_FALSE(absent->has_value());

  now_ += absl::Minutes(10);
  EXPECT_FALSE(cache_.Find("株式会社さくら電機").has_value());
  EXPECT_FALSE(cache_.Find("東京商事").has_value());
}

TEST_F(CompanyIdCacheTest, AFullCacheStartsAfresh) {
  cache_.Put("a", "1");
  cache_.Put("b", "2");
  cache_.Put("c", "3");
  cache_.Put("c", "4");  // a known name replaces its entry
  EXPECT_EQ(cache_.Find("a"), std::optional<std::string>("1"));
  cache_.Put("d", "5");
  EXPECT_FALSE(cache_.Find("a").has_value());
  EXPECT_EQ(cache_.Find("d"), std::optional<std::string>("5"));
}

}  // namespace
}  // namespace leadgw::backends::hotprofile
